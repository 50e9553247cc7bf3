using Ideation.Documents.Metrics;
using Ideation.Documents.Persistence;
using Ideation.Messaging;
using Ideation.Persistence.Metrics;
using Ideation.ServiceDefaults.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ideation.Documents.Pipeline;

/// <summary>
/// Refreshes the scan pipeline's gauges from PostgreSQL, the record, every
/// <see cref="MetricsOptions.RefreshInterval"/>: the scan-jobs outbox (<c>outbox_*</c>) and the
/// scans owed a verdict (<c>scan_queue_depth</c>, <c>scan_oldest_pending_age_seconds</c>). Both
/// queries read partial or primary-key indexes, whatever the number of documents.
/// </summary>
public sealed class PipelineGauges(
    NpgsqlDataSource dataSource,
    IOptions<MetricsOptions> options,
    TimeProvider clock,
    ILogger<PipelineGauges> logger) : BackgroundLoop(clock, logger)
{
    public const string Outbox = "scan-jobs";
    public const string OutboxTable = "scan_outbox";

    /// <summary>Matches the partial index on scan_request_time: a count and a minimum over the scans owed a verdict only.</summary>
    public const string ScanQueueQuery =
        $"SELECT (SELECT count(*) FROM documents WHERE {DocumentsDbContext.AwaitingVerdict}), " +
        $"(SELECT min(scan_request_time) FROM documents WHERE {DocumentsDbContext.AwaitingVerdict})";

    protected override string Name => "Scan pipeline gauges";

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken);
        return false;
    }

    /// <summary>One refresh of every gauge.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await OutboxMetrics.RefreshAsync(dataSource, OutboxTable, Outbox, now, cancellationToken);

        await using var command = dataSource.CreateCommand(ScanQueueQuery);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        ScanPipelineMetrics.SetQueue(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), now);
    }
}
