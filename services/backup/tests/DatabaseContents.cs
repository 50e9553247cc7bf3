using Npgsql;

namespace Ideation.Backup.Tests;

/// <summary>
/// A database's data as comparable text: per table its row count and a checksum of every row, and
/// per sequence where it stands (so that rows inserted after a restore get fresh ids).
/// </summary>
public static class DatabaseContents
{
    public static async Task<SortedDictionary<string, string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var contents = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            // Each row as its text form, sorted, so that physical order does not matter.
            await using var checksum = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(row.*::text, E'\\n' ORDER BY row.*::text)), '') FROM public.\"{table}\" row", connection);
            await using var reader = await checksum.ExecuteReaderAsync();
            await reader.ReadAsync();
            contents[$"table {table}"] = $"{reader.GetInt64(0)} rows, md5 {reader.GetString(1)}";
        }

        await using (var sequences = new NpgsqlCommand("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'", connection))
        await using (var reader = await sequences.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                contents[$"sequence {reader.GetString(0)}"] = $"last value {reader.GetInt64(1)}";
            }
        }

        return contents;
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }
}
