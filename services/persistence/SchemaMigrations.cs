using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ideation.Persistence;

/// <summary>
/// Applies a service's checked-in migrations. Run by its <c>migrate</c> command (a Job before each
/// release) and by tests; services never migrate by themselves, so replicas never race on schema changes.
/// </summary>
public static partial class SchemaMigrations
{
    /// <summary>Brings the database to the latest migration; does nothing when it already is.</summary>
    public static async Task MigrateAsync(DbContext db, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            DatabaseUpToDate(logger);
            return;
        }

        ApplyingMigrations(logger, pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        MigrationsApplied(logger, pending.Count);
    }

    /// <summary>
    /// The SQL of every migration, each statement guarded by a check of the migrations history, so
    /// that it can be applied to a database at any earlier migration (or none), and again, safely.
    /// </summary>
    public static string IdempotentScript(DbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    [LoggerMessage(10, LogLevel.Information, "Database is up to date: no migration to apply")]
    private static partial void DatabaseUpToDate(ILogger logger);

    [LoggerMessage(11, LogLevel.Information, "Applying {Count} migration(s): {Migrations}")]
    private static partial void ApplyingMigrations(ILogger logger, int count, string migrations);

    [LoggerMessage(12, LogLevel.Information, "Applied {Count} migration(s)")]
    private static partial void MigrationsApplied(ILogger logger, int count);
}
