using Npgsql;

namespace Ideation.Testing;

/// <summary>
/// Everything that makes up a database's schema, as text that compares equal exactly when two
/// databases have the same tables, columns, defaults, generated columns, constraints, indexes,
/// sequences, extensions and applied migrations. Row data is not part of it.
/// </summary>
public static class SchemaFingerprint
{
    private const string Query =
        """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' nullable=' || is_nullable
               || ' default=' || coalesce(column_default, '') || ' generated=' || coalesce(generation_expression, '')
               || ' identity=' || coalesce(identity_generation, '')
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'sequence ' || sequencename || ' ' || data_type::text || ' ' || increment_by FROM pg_sequences WHERE schemaname = 'public'
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        UNION ALL
        SELECT 'migration ' || history::text FROM "__EFMigrationsHistory" history
        ORDER BY 1
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
