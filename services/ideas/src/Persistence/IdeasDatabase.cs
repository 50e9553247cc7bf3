using Ideation.Persistence;

namespace Ideation.Ideas.Persistence;

/// <summary>
/// Applies the service's checked-in migrations (see <see cref="SchemaMigrations"/>): for tests and
/// hosts that migrate a database before starting the service, as the migrate command does.
/// </summary>
public static class IdeasDatabase
{
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var db = new IdeasDbContext(IdeasDbContext.CreateOptions(connectionString));
        await SchemaMigrations.MigrateAsync(db, cancellationToken: cancellationToken);
    }
}
