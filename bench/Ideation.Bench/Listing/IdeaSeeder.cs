using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Ideation.Bench.Listing;

/// <summary>
/// Grows the ideas table to a given size with binary COPY. The migrations' secondary indexes are
/// dropped first and built again afterwards from their own definitions (pg_indexes): one build of a
/// GIN index over a million rows is many times faster than a million insertions into it. Then VACUUM
/// ANALYZE, as autovacuum would do on a live table: statistics for the planner, the visibility map
/// for index-only scans. History rows are not seeded: ListIdeas and search read the ideas table only.
/// </summary>
internal static class IdeaSeeder
{
    public sealed record SeedTimes(TimeSpan Copy, TimeSpan Indexes, TimeSpan Analyze);

    public static async Task<long> CountAsync(NpgsqlConnection connection) =>
        (long)(await new NpgsqlCommand("SELECT count(*) FROM ideas", connection).ExecuteScalarAsync())!;

    public static async Task<SeedTimes> GrowToAsync(NpgsqlConnection connection, long target)
    {
        var existing = await CountAsync(connection);
        var indexes = new List<(string Name, string Definition)>();
        await using (var reader = await new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ideas' AND indexname <> 'pk_ideas' ORDER BY indexname", connection).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await new NpgsqlCommand($"DROP INDEX {name}", connection).ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ideas (id, title, description, category, tags, state, author, author_display_name, create_time, update_time, " +
            "submit_time, decision_reason, request_id, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var number = existing; number < target; number++)
            {
                var idea = GeneratedIdeas.Row(number);
                await copy.StartRowAsync();
                await copy.WriteAsync(idea.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(idea.Title, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.Description, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.Category, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(idea.State, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.Author, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.AuthorDisplayName, NpgsqlDbType.Text);
                await copy.WriteAsync(idea.CreateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(idea.UpdateTime, NpgsqlDbType.TimestampTz);
                if (idea.SubmitTime is { } submitted)
                {
                    await copy.WriteAsync(submitted, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                if (idea.DecisionReason is { } reason)
                {
                    await copy.WriteAsync(reason, NpgsqlDbType.Text);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteNullAsync();
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        var copied = clock.Elapsed;
        clock.Restart();
        foreach (var (_, definition) in indexes)
        {
            await new NpgsqlCommand(definition, connection).ExecuteNonQueryAsync();
        }

        var indexed = clock.Elapsed;
        clock.Restart();
        await new NpgsqlCommand("VACUUM (ANALYZE) ideas", connection).ExecuteNonQueryAsync();
        return new SeedTimes(copied, indexed, clock.Elapsed);
    }
}
