using Ideation.Documents.Pipeline;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The relay moves outbox rows to the Redis stream the scanners read, and deletes them.</summary>
public sealed class OutboxRelayTests(PipelineFixture service) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task Outbox_rows_become_stream_jobs_and_leave_the_outbox()
    {
        var first = await service.StoredDocumentAsync();
        var second = await service.StoredDocumentAsync();

        var published = await service.Relay.RunOnceAsync(CancellationToken.None);

        Assert.True(published >= 2);
        Assert.Equal(new[] { (first.Name(), "1") }, await PipelineScenario.JobsForAsync(redis, service.Stream, first));
        Assert.Equal(new[] { (second.Name(), "1") }, await PipelineScenario.JobsForAsync(redis, service.Stream, second));
        Assert.Empty(await service.OutboxGenerationsAsync(first.Id));
        Assert.Empty(await service.OutboxGenerationsAsync(second.Id));
        Assert.Equal(0, await service.Relay.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_job_carries_the_traceparent_of_the_request_that_asked_for_the_scan()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var traced = await service.StoredDocumentAsync();
        var untraced = await service.StoredDocumentAsync();
        await using (var db = service.CreateDbContext())
        {
            await db.ScanOutbox.Where(row => row.DocumentId == traced.Id).ExecuteUpdateAsync(update => update.SetProperty(row => row.TraceParent, traceParent));
        }

        await service.Relay.RunOnceAsync(CancellationToken.None);

        var entries = await redis.GetDatabase().StreamRangeAsync(service.Stream);
        Assert.Equal(traceParent, (string?)entries.Single(entry => entry["document"] == traced.Name())["traceparent"]);
        Assert.True(entries.Single(entry => entry["document"] == untraced.Name())["traceparent"].IsNull, "no request, no trace to continue");
    }

    [Fact]
    public async Task A_rescan_is_published_with_its_generation()
    {
        var document = await service.StoredDocumentAsync();
        await service.Relay.RunOnceAsync(CancellationToken.None);
        await service.QueueRescanAsync(document.Id);

        await service.Relay.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new[] { (document.Name(), "1"), (document.Name(), "2") }, await PipelineScenario.JobsForAsync(redis, service.Stream, document));
    }

    [Fact]
    public async Task More_rows_than_a_batch_take_several_passes_and_all_arrive()
    {
        await service.Relay.RunOnceAsync(CancellationToken.None);
        var documents = await service.QueuedDocumentsAsync(OutboxRelay.BatchSize + 20);

        var firstPass = await service.Relay.RunOnceAsync(CancellationToken.None);
        var secondPass = await service.Relay.RunOnceAsync(CancellationToken.None);

        Assert.Equal(OutboxRelay.BatchSize, firstPass);
        Assert.Equal(20, secondPass);
        var names = (await redis.GetDatabase().StreamRangeAsync(service.Stream)).Select(entry => (string)entry["document"]!).ToHashSet();
        Assert.All(documents, document => Assert.Contains(document.Name(), names));
    }
}

/// <summary>The pipeline with a stream capped at a few entries, to see the cap applied.</summary>
public sealed class CappedStreamFixture : PipelineFixture
{
    public const int StreamMaxLength = 10;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
        [.. base.ExtraSettings(), new("Documents:Scan:StreamMaxLength", StreamMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>Scanners acknowledge jobs but never delete them: the relay keeps the stream near its cap.</summary>
public sealed class CappedStreamTests(CappedStreamFixture service) : IClassFixture<CappedStreamFixture>
{
    [Fact]
    public async Task Publishing_trims_the_stream_near_its_cap()
    {
        // Approximate trimming (MAXLEN ~) drops whole stream nodes of 100 entries: publish several nodes' worth.
        await service.QueuedDocumentsAsync(5 * OutboxRelay.BatchSize);
        while (await service.Relay.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        // Every job went out (the hosted loop may have published some of them itself: a failed
        // first pass at startup retries within seconds), and the stream kept near its cap.
        await using (var db = service.CreateDbContext())
        {
            Assert.Equal(0, await db.ScanOutbox.CountAsync());
        }

        await using var redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);
        var length = await redis.GetDatabase().StreamLengthAsync(service.Stream);
        Assert.InRange(length, CappedStreamFixture.StreamMaxLength, 2 * OutboxRelay.BatchSize);
    }
}
