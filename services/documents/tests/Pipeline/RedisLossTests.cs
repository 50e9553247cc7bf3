using Ideation.Testing;
using StackExchange.Redis;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The pipeline on a Redis of its own, which tests kill and start again empty, as after a crash without persistence.</summary>
public sealed class OwnRedisPipelineFixture : PipelineFixture, IAsyncLifetime
{
    private LocalServer? redis;

    public LocalServer Redis => redis!;

    public override string RedisEndpoint => Redis.Endpoint;

    public new async Task InitializeAsync()
    {
        redis = await LocalServer.StartRedisAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

/// <summary>PostgreSQL is the record: jobs Redis loses, or cannot take, reach the stream all the same.</summary>
public sealed class RedisLossTests(OwnRedisPipelineFixture service) : IClassFixture<OwnRedisPipelineFixture>
{
    [Fact]
    public async Task After_Redis_lost_the_stream_the_reconciler_queues_the_pending_scan_again()
    {
        var document = await service.StoredDocumentAsync();
        await RelayUntilPublishedAsync();
        await using (var before = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint))
        {
            Assert.Single(await PipelineScenario.JobsForAsync(before, service.Stream, document));
        }

        service.Redis.Kill();
        await service.Redis.StartAgainAsync();
        await using var redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);
        Assert.Empty(await PipelineScenario.JobsForAsync(redis, service.Stream, document));

        // Not yet overdue: a healthy queue may still reach it.
        Assert.Equal(0, await service.Reconciler.RunOnceAsync(CancellationToken.None));
        await service.UpdateAsync(document.Id, row => row.EnqueueTime = DateTime.UtcNow - PipelineFixture.RequeueAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(1, await service.Reconciler.RunOnceAsync(CancellationToken.None));
        await RelayUntilPublishedAsync();

        Assert.Equal(new[] { (document.Name(), "1") }, await PipelineScenario.JobsForAsync(redis, service.Stream, document));
        Assert.Empty(await service.OutboxGenerationsAsync(document.Id));
    }

    [Fact]
    public async Task While_Redis_is_down_jobs_wait_in_the_outbox_and_go_out_once_it_is_back()
    {
        service.Redis.Kill();
        var document = await service.StoredDocumentAsync();

        var failure = await Record.ExceptionAsync(() => service.Relay.RunOnceAsync(CancellationToken.None));
        Assert.True(IsRedisFailure(failure), $"Expected a Redis failure, got {failure}");
        Assert.Equal(new[] { 1L }, await service.OutboxGenerationsAsync(document.Id));

        await service.Redis.StartAgainAsync();
        await RelayUntilPublishedAsync();

        await using var redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);
        Assert.Equal(new[] { (document.Name(), "1") }, await PipelineScenario.JobsForAsync(redis, service.Stream, document));
        Assert.Empty(await service.OutboxGenerationsAsync(document.Id));
    }

    /// <summary>A connection failure, or a command that timed out waiting for the connection (not a RedisException).</summary>
    private static bool IsRedisFailure(Exception? exception) => exception is RedisException or RedisTimeoutException;

    /// <summary>
    /// Runs relay passes until one succeeds: after a restart the service's multiplexer reconnects on
    /// its own schedule, and a pass before that fails (and keeps its rows) as it would in production.
    /// </summary>
    private async Task RelayUntilPublishedAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await service.Relay.RunOnceAsync(CancellationToken.None);
                return;
            }
            catch (Exception exception) when (IsRedisFailure(exception) && attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
