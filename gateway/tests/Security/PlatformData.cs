using Ideation.Gateway.Tests.EndToEnd;
using Npgsql;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// What a refused call must leave as it was: the row counts of the tables the public API writes, and
/// every column of the ideas, history and documents a test aims at. Background bookkeeping is left
/// out (outboxes and cleanups drain on their own; the scan reconciler may re-queue a pending scan).
/// Tests of one collection run one after another, so nothing else writes between two readings.
/// </summary>
internal sealed record PlatformData(string Counts, string Ideas, string History, string Documents)
{
    public static async Task<PlatformData> ReadAsync(PlatformFixture platform, Guid[] ideaIds, Guid[] documentIds)
    {
        await using var ideas = new NpgsqlConnection(platform.IdeasConnectionString);
        await using var documents = new NpgsqlConnection(platform.DocumentsConnectionString);
        await ideas.OpenAsync();
        await documents.OpenAsync();

        var counts = string.Join(", ",
            await ScalarAsync(ideas, "SELECT 'ideas ' || count(*) FROM ideas"),
            await ScalarAsync(ideas, "SELECT 'idea_events ' || count(*) FROM idea_events"),
            await ScalarAsync(documents, "SELECT 'documents ' || count(*) FROM documents"));
        return new PlatformData(
            counts,
            await ScalarAsync(ideas, "SELECT string_agg(i::text, E'\\n' ORDER BY i.id) FROM ideas i WHERE i.id = ANY(@ids)", ideaIds),
            await ScalarAsync(ideas, "SELECT string_agg(e::text, E'\\n' ORDER BY e.idea_id, e.sequence) FROM idea_events e WHERE e.idea_id = ANY(@ids)", ideaIds),
            await ScalarAsync(documents,
                "SELECT string_agg((to_jsonb(d) - 'enqueue_time')::text, E'\\n' ORDER BY d.id) FROM documents d WHERE d.id = ANY(@ids)", documentIds));
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids);
        }

        return (await command.ExecuteScalarAsync()) as string ?? "";
    }
}
