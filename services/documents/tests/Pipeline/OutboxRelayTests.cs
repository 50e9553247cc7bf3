using Ideation.Documents.Pipeline;
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
        var documents = new List<Persistence.DocumentRecord>();
        for (var i = 0; i < OutboxRelay.BatchSize + 20; i++)
        {
            documents.Add(await service.StoredDocumentAsync());
        }

        var firstPass = await service.Relay.RunOnceAsync(CancellationToken.None);
        var secondPass = await service.Relay.RunOnceAsync(CancellationToken.None);

        Assert.Equal(OutboxRelay.BatchSize, firstPass);
        Assert.Equal(20, secondPass);
        var names = (await redis.GetDatabase().StreamRangeAsync(service.Stream)).Select(entry => (string)entry["document"]!).ToHashSet();
        Assert.All(documents, document => Assert.Contains(document.Name(), names));
    }
}
