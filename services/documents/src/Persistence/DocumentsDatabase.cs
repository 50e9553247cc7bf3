using Ideation.Persistence;

namespace Ideation.Documents.Persistence;

/// <summary>
/// Applies the service's checked-in migrations (see <see cref="SchemaMigrations"/>): for tests and
/// hosts that migrate a database before starting the service, as the migrate command does.
/// </summary>
public static class DocumentsDatabase
{
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var db = new DocumentsDbContext(DocumentsDbContext.CreateOptions(connectionString));
        await SchemaMigrations.MigrateAsync(db, cancellationToken: cancellationToken);
    }
}
