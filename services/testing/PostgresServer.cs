using Npgsql;

namespace Ideation.Testing;

/// <summary>
/// The real PostgreSQL server the test command starts (scripts/test.sh), reached through
/// IDEATION_TEST_POSTGRES. Tests never share a database: each fixture creates its own.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "IDEATION_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with scripts/test.sh, which starts PostgreSQL and sets it.");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync(string prefix) => CreateDatabaseAsync(AdminConnectionString, prefix);

    /// <summary>Creates an empty database on the server <paramref name="adminConnectionString"/> reaches.</summary>
    public static async Task<string> CreateDatabaseAsync(string adminConnectionString, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
