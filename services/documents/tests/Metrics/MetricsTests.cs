using Grpc.Core;
using Ideation.Documents.Pipeline;
using Ideation.Documents.Tests.Functional;
using Ideation.Documents.Tests.Pipeline;
using Ideation.Persistence;
using Ideation.Persistence.Metrics;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Metrics;

/// <summary>The documents service's metrics, read from its management port as Prometheus reads them, following real uploads and verdicts.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsFixture service) : IClassFixture<MetricsFixture>
{
    private const string ScanJobs = PipelineGauges.Outbox;

    [Fact]
    public async Task An_upload_is_counted_queued_relayed_and_scanned_until_nothing_waits()
    {
        using var management = service.ManagementClient();
        var author = TestUser.Submitter();
        var idea = await service.IdeaAsync(author);
        var documents = service.Documents(author);
        var before = await MetricsScrape.ReadAsync(management);

        var uploaded = await documents.UploadAsync(idea.Name, "plan.pdf", Samples.Pdf(), requestId: "first-try");
        await documents.UploadAsync(idea.Name, "plan.pdf", Samples.Pdf(), requestId: "first-try");
        await Scenario.FailsWith(StatusCode.InvalidArgument, documents.UploadAsync(idea.Name, "tool.exe", Samples.Executable()));
        // As if the upload and its job were an hour old: the ages come from the record, not from the metrics loop.
        var documentId = uploaded.DocumentId();
        await service.UpdateAsync(documentId, row => row.ScanRequestTime -= TimeSpan.FromHours(1));
        await using (var db = service.CreateDbContext())
        {
            await db.ScanOutbox.Where(row => row.DocumentId == documentId)
                .ExecuteUpdateAsync(update => update.SetProperty(row => row.CreateTime, row => row.CreateTime - TimeSpan.FromHours(1)));
        }

        var queued = await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("scan_queue_depth") == 1 && scrape.Value("outbox_pending_rows", ("outbox", ScanJobs)) == 1
                && scrape.Value("scan_oldest_pending_age_seconds") >= 3600 && scrape.Value("outbox_lag_seconds", ("outbox", ScanJobs)) >= 3600,
            "the upload waits in the outbox and the scan queue, an hour old");
        Assert.Equal("counter", queued.TypeOf("documents_uploads_total"));
        Assert.Equal(1, Increase(before, queued, "documents_uploads_total", ("result", "accepted")));
        Assert.Equal(1, Increase(before, queued, "documents_uploads_total", ("result", "replayed")));
        Assert.Equal(1, Increase(before, queued, "documents_uploads_total", ("result", "type_not_allowed")));
        Assert.True(queued.Value("scan_oldest_pending_age_seconds") < 2 * 3600);

        Assert.Equal(1, await service.Relay.RunOnceAsync(CancellationToken.None));
        await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("outbox_pending_rows", ("outbox", ScanJobs)) == 0 && scrape.Value("outbox_lag_seconds", ("outbox", ScanJobs)) == 0
                && scrape.Value("scan_queue_depth") == 1,
            "the job left the outbox while the scan still waits for its verdict");

        var document = await service.ReadAsync(documentId);
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));
        var scanned = await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("scan_queue_depth") == 0 && scrape.Value("scan_oldest_pending_age_seconds") == 0,
            "nothing waits for a verdict any more");

        Assert.Equal("gauge", scanned.TypeOf("scan_queue_depth"));
        Assert.Equal("gauge", scanned.TypeOf("scan_oldest_pending_age_seconds"));
        Assert.Equal("counter", scanned.TypeOf("documents_verdicts_total"));
        // The repeated verdict of the same generation is not a second verdict.
        Assert.Equal(1, Increase(before, scanned, "documents_verdicts_total", ("verdict", "clean")));
    }

    [Fact]
    public async Task A_scan_given_up_after_too_many_claims_counts_as_a_failed_verdict()
    {
        using var management = service.ManagementClient();
        var document = await service.StoredDocumentAsync();
        var before = await MetricsScrape.ReadAsync(management);

        for (var claim = 1; claim <= PipelineFixture.MaxClaims + 1; claim++)
        {
            await service.Scanner().StartScanAsync(document.Claim($"scanner-{claim}"));
            await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));
        }

        var after = await MetricsScrape.ReadAsync(management);
        Assert.Equal(1, Increase(before, after, "documents_verdicts_total", ("verdict", "failed")));
        await MetricsScrape.UntilAsync(management, scrape => scrape.Value("scan_queue_depth") == 0, "the given-up scan no longer waits");
        // Its outbox row was never relayed in this test: relay it, so that the next test starts from an empty outbox.
        await service.Relay.RunOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_connection_pool_and_the_redis_round_trip_are_measured()
    {
        using var management = service.ManagementClient();

        var scrape = await MetricsScrape.UntilAsync(management,
            scrape => scrape.ValueOrZero("redis_round_trip_seconds_count") > 0,
            "a PING to Redis is measured");

        Assert.Equal("gauge", scrape.TypeOf("db_max_connections"));
        Assert.True(scrape.Value("db_max_connections") >= PostgresConnections.DefaultMaxPoolSize);
        Assert.True(scrape.Value("db_active_connections") + scrape.Value("db_idle_connections") >= 1);
        Assert.Equal("histogram", scrape.TypeOf("redis_round_trip_seconds"));
    }

    [Fact]
    public async Task The_gauges_queries_read_indexes_rather_than_the_tables()
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        // With sequential scans priced out, a plan that still scans a table has no index to use.
        await using (var disable = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await disable.ExecuteNonQueryAsync();
        }

        var queuePlan = await PlanAsync(connection, PipelineGauges.ScanQueueQuery);
        var outboxPlan = await PlanAsync(connection, OutboxMetrics.Query(PipelineGauges.OutboxTable));

        Assert.DoesNotContain("Seq Scan", queuePlan, StringComparison.Ordinal);
        Assert.Contains("ix_documents_scan_request_time_awaiting_verdict", queuePlan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", outboxPlan, StringComparison.Ordinal);
        Assert.Contains("pk_scan_outbox", outboxPlan, StringComparison.Ordinal);
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string query)
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN {query}", connection);
        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static double Increase(MetricsScrape before, MetricsScrape after, string name, params (string Label, string Value)[] labels) =>
        after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);
}
