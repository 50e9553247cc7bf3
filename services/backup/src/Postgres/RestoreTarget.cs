using Npgsql;

namespace Ideation.Backup.Postgres;

/// <summary>
/// The database a dump is restored into: created when missing, and refused when it holds anything.
/// Restoring over live tables would mix two points in time (and a newer schema's leftovers with an
/// older migration history), so a restore always starts from an empty database.
/// </summary>
public static class RestoreTarget
{
    /// <summary>Creates the database of <paramref name="connectionString"/> when it does not exist; returns whether it did.</summary>
    public static async Task<bool> EnsureExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var name = target.Database ?? throw new BackupException("The connection string names no database to restore into.");
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return false;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: created from the server's maintenance database, which needs CREATEDB.
        }

        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using (var connection = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception)
            {
                throw new BackupException($"Database {name} does not exist and could not be created ({exception.MessageText}): create it empty, then restore again.", exception);
            }
        }

        return true;
    }

    /// <summary>Fails unless the database holds no table, view or sequence of its own.</summary>
    public static async Task EnsureEmptyAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
            """, connection);
        var relations = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (relations > 0)
        {
            throw new BackupException(
                $"Database {target.Database} is not empty (it holds {relations} relations: tables, views or sequences): restore into an empty database. " +
                "Drop it (with the services scaled to zero) or point the connection string at a new database, then restore again.");
        }
    }
}
