using Npgsql;
using Prometheus;

namespace Ideation.Persistence.Metrics;

/// <summary>
/// <c>outbox_pending_rows</c> and <c>outbox_lag_seconds</c>: how many rows of an outbox table wait
/// for their relay, and how long the oldest has waited. Both are 0 once the relay has caught up.
/// An outbox table has an identity primary key <c>id</c> and a <c>create_time</c>.
/// </summary>
public static class OutboxMetrics
{
    private static readonly Gauge PendingRows = Prometheus.Metrics.CreateGauge(
        "outbox_pending_rows", "Outbox rows written but not yet relayed to Redis.",
        new GaugeConfiguration { LabelNames = ["outbox"] });

    private static readonly Gauge Lag = Prometheus.Metrics.CreateGauge(
        "outbox_lag_seconds", "Age of the oldest outbox row not yet relayed to Redis; 0 when none waits.",
        new GaugeConfiguration { LabelNames = ["outbox"] });

    /// <summary>The backlog of <paramref name="table"/>: its row count, and the create_time of its first row by id.</summary>
    public static string Query(string table) =>
        $"SELECT (SELECT count(*) FROM {table}), (SELECT create_time FROM {table} ORDER BY id LIMIT 1)";

    /// <summary>
    /// Reads the backlog of <paramref name="table"/> (a constant of the caller's, never input) and
    /// publishes it as <paramref name="outbox"/>. The oldest row is the first by id, read from the
    /// primary key's index; the count reads the table, which a healthy relay keeps near empty.
    /// </summary>
    public static async Task RefreshAsync(NpgsqlDataSource dataSource, string table, string outbox, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Query(table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var rows = reader.GetInt64(0);
        var oldest = reader.IsDBNull(1) ? (DateTime?)null : reader.GetDateTime(1);
        PendingRows.WithLabels(outbox).Set(rows);
        Lag.WithLabels(outbox).Set(oldest is { } created ? Math.Max(0, (now - created).TotalSeconds) : 0);
    }
}
