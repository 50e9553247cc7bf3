using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Ideation.Bench.Listing;

/// <summary>The plan PostgreSQL ran for one request, in a line: the nodes, the rows they touched, buffers and time.</summary>
internal sealed record PlanSummary(string Nodes, long RowsRead, long SortedRows, long Buffers, double Milliseconds, string Json);

/// <summary>
/// Reads the plans of the SQL the service really sends (its prepared statements, with its parameters)
/// from auto_explain (EXPLAIN ANALYZE, BUFFERS) in the server log: switched on for the capture only,
/// since timing every node slows every query down.
/// </summary>
internal sealed class QueryPlans(ThrowawayPostgres postgres, NpgsqlConnection admin)
{
    public async Task<T> WhileLoggingAsync<T>(Func<Task<T>> capture)
    {
        await SetAsync("0");
        try
        {
            return await capture();
        }
        finally
        {
            await SetAsync("-1");
        }
    }

    /// <summary>Runs <paramref name="request"/> and returns the plan of the ideas query it sent.</summary>
    public async Task<PlanSummary?> PlanOfAsync(Func<Task> request)
    {
        var start = new FileInfo(postgres.LogPath).Length;
        await request();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(50);
            if (Find(await ReadFromAsync(start)) is { } plan)
            {
                return plan;
            }
        }

        return null;
    }

    private async Task SetAsync(string minimumDuration)
    {
        await new NpgsqlCommand($"ALTER SYSTEM SET auto_explain.log_min_duration = {minimumDuration}", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand("SELECT pg_reload_conf()", admin).ExecuteNonQueryAsync();
        // Backends take the new setting before their next command; give the signal time to arrive.
        await Task.Delay(300);
    }

    private async Task<string> ReadFromAsync(long offset)
    {
        await using var file = new FileStream(postgres.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The first logged plan of a query on ideas (the outbox relay's polls are logged too, and skipped).</summary>
    private static PlanSummary? Find(string log)
    {
        for (var at = log.IndexOf("plan:", StringComparison.Ordinal); at >= 0; at = log.IndexOf("plan:", at + 5, StringComparison.Ordinal))
        {
            var open = log.IndexOf('{', at);
            if (open < 0)
            {
                return null;
            }

            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(log[open..]), new JsonReaderOptions { AllowTrailingCommas = true });
            JsonDocument document;
            try
            {
                document = JsonDocument.ParseValue(ref reader);
            }
            catch (JsonException)
            {
                return null; // Not fully written yet.
            }

            using (document)
            {
                var text = document.RootElement.GetProperty("Query Text").GetString() ?? "";
                if (text.Contains("FROM ideas", StringComparison.Ordinal) && text.Contains("LIMIT", StringComparison.Ordinal))
                {
                    return Summarise(document.RootElement.GetProperty("Plan"), log[..at]);
                }
            }
        }

        return null;
    }

    private static PlanSummary Summarise(JsonElement plan, string before)
    {
        var nodes = new List<string>();
        long rowsRead = 0, sorted = 0;
        Walk(plan, nodes, ref rowsRead, ref sorted);
        // "duration: 1.234 ms  plan:" ends the text before the JSON.
        var durationAt = before.LastIndexOf("duration: ", StringComparison.Ordinal);
        var milliseconds = durationAt < 0 ? double.NaN : double.Parse(before[(durationAt + 10)..].Split(' ')[0], CultureInfo.InvariantCulture);
        var buffers = Long(plan, "Shared Hit Blocks") + Long(plan, "Shared Read Blocks");
        return new PlanSummary(string.Join(" > ", nodes), rowsRead, sorted, buffers, milliseconds, plan.GetRawText());
    }

    /// <summary>Pre-order: each node with its index, the rows it returned and the rows its filter threw away.</summary>
    private static void Walk(JsonElement node, List<string> nodes, ref long rowsRead, ref long sorted)
    {
        var type = node.GetProperty("Node Type").GetString();
        var rows = Long(node, "Actual Rows") * Math.Max(1, Long(node, "Actual Loops"));
        var removed = Long(node, "Rows Removed by Filter") + Long(node, "Rows Removed by Index Recheck");
        var label = new StringBuilder(type);
        if (node.TryGetProperty("Scan Direction", out var direction) && direction.GetString() == "Backward")
        {
            label.Append(" backward");
        }

        if (node.TryGetProperty("Index Name", out var index))
        {
            label.Append(' ').Append(index.GetString());
        }

        if (node.TryGetProperty("Sort Method", out var method))
        {
            label.Append(" (").Append(method.GetString()).Append(')');
        }

        label.Append(" [").Append(rows).Append(removed > 0 ? $", -{removed} filtered" : "").Append(']');
        nodes.Add(label.ToString());
        if (type is "Seq Scan" or "Index Scan" or "Index Only Scan" or "Bitmap Heap Scan")
        {
            rowsRead += rows + removed;
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                if (type is "Sort" or "Incremental Sort")
                {
                    sorted += Long(child, "Actual Rows") * Math.Max(1, Long(child, "Actual Loops"));
                }

                Walk(child, nodes, ref rowsRead, ref sorted);
            }
        }
    }

    private static long Long(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? (long)value.GetDouble() : 0;
}
