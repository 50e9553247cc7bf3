using Ideation.Documents.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ideation.Documents.Persistence;

/// <summary>
/// Applies the checked-in migrations. Run by the <c>migrate</c> command (a Job before each release)
/// and by tests; the service itself never migrates, so that replicas never race on schema changes.
/// </summary>
public static class DocumentsDatabase
{
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default) =>
        await MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var db = new DocumentsDbContext(DocumentsDbContext.CreateOptions(connectionString));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.DatabaseUpToDate();
            return;
        }

        logger.ApplyingMigrations(pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        logger.MigrationsApplied(pending.Count);
    }
}
