using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Persistence;
using Ideation.Persistence;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>The ideas service's metrics, read from its management port as Prometheus reads them, following real calls.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsFixture service) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task Creations_and_moves_are_counted_with_the_time_spent_in_the_state_left()
    {
        using var management = service.ManagementClient();
        var author = TestUser.Submitter();
        var before = await MetricsScrape.ReadAsync(management);

        var idea = await service.As(author).CreateAsync();
        // The draft was begun a day ago: the time in state comes from the idea's history.
        await using (var db = new IdeasDbContext(IdeasDbContext.CreateOptions(service.ConnectionString)))
        {
            var id = Guid.Parse(idea.Name["ideas/".Length..]);
            await db.Database.ExecuteSqlAsync($"UPDATE idea_events SET create_time = create_time - interval '1 day' WHERE idea_id = {id}");
        }

        await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name });
        await Assert.ThrowsAsync<RpcException>(() => service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name }).ResponseAsync);
        await service.As(TestUser.Reviewer()).StartReviewAsync(new StartReviewRequest { Name = idea.Name });
        var after = await MetricsScrape.ReadAsync(management);

        Assert.Equal("counter", after.TypeOf("ideas_created_total"));
        Assert.Equal("counter", after.TypeOf("ideas_state_transitions_total"));
        Assert.Equal("histogram", after.TypeOf("ideas_time_in_state_seconds"));
        Assert.Equal(1, Increase(before, after, "ideas_created_total"));
        // The refused second submit moved nothing and counts nothing.
        Assert.Equal(1, Increase(before, after, "ideas_state_transitions_total", ("from", "draft"), ("to", "submitted")));
        Assert.Equal(1, Increase(before, after, "ideas_state_transitions_total", ("from", "submitted"), ("to", "under_review")));
        Assert.Equal(1, Increase(before, after, "ideas_time_in_state_seconds_count", ("state", "draft")));
        Assert.Equal(1, Increase(before, after, "ideas_time_in_state_seconds_count", ("state", "submitted")));
        // A day in draft lands between the 4-hour and the 1-day bucket; the seconds in submitted below a minute.
        Assert.Equal(0, Increase(before, after, "ideas_time_in_state_seconds_bucket", ("state", "draft"), ("le", "14400")));
        Assert.Equal(1, Increase(before, after, "ideas_time_in_state_seconds_bucket", ("state", "draft"), ("le", "259200")));
        Assert.InRange(Increase(before, after, "ideas_time_in_state_seconds_sum", ("state", "draft")), 86400, 86400 + 3600);
        Assert.Equal(1, Increase(before, after, "ideas_time_in_state_seconds_bucket", ("state", "submitted"), ("le", "60")));
        Assert.NotNull(after.Value("ideas_time_in_state_seconds_bucket", ("state", "submitted"), ("le", "7776000")));
    }

    [Fact]
    public async Task The_outbox_gauges_rise_with_unrelayed_events_and_return_to_zero_once_relayed()
    {
        using var management = service.ManagementClient();
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        await service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name });

        var waiting = await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("outbox_pending_rows", ("outbox", "idea-events")) >= 1,
            "the deletion's event is counted as waiting");
        Assert.Equal("gauge", waiting.TypeOf("outbox_pending_rows"));
        Assert.Equal("gauge", waiting.TypeOf("outbox_lag_seconds"));

        Assert.True(await service.RelayOnceAsync() >= 1);
        await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("outbox_pending_rows", ("outbox", "idea-events")) == 0
                && scrape.Value("outbox_lag_seconds", ("outbox", "idea-events")) == 0,
            "the outbox is reported empty again");
    }

    [Fact]
    public async Task The_connection_pool_and_the_redis_round_trip_are_measured()
    {
        using var management = service.ManagementClient();
        await service.As(TestUser.Submitter()).CreateAsync();

        var scrape = await MetricsScrape.UntilAsync(management,
            scrape => scrape.ValueOrZero("redis_round_trip_seconds_count") > 0,
            "a PING to Redis is measured");

        foreach (var gauge in new[] { "db_active_connections", "db_idle_connections", "db_max_connections", "db_pending_connection_requests" })
        {
            Assert.Equal("gauge", scrape.TypeOf(gauge));
        }

        Assert.True(scrape.Value("db_max_connections") >= PostgresConnections.DefaultMaxPoolSize);
        // The create opened a connection, back in the pool now.
        Assert.True(scrape.Value("db_active_connections") + scrape.Value("db_idle_connections") >= 1);
        Assert.Equal(0, scrape.Value("db_pending_connection_requests"));
        Assert.Equal("histogram", scrape.TypeOf("redis_round_trip_seconds"));
        Assert.True(scrape.Value("redis_round_trip_seconds_sum") > 0);
    }

    [Fact]
    public async Task Runtime_series_describe_cpu_memory_gc_and_the_thread_pool()
    {
        using var management = service.ManagementClient();

        var scrape = await MetricsScrape.ReadAsync(management);

        foreach (var series in new[]
        {
            "process_cpu_seconds_total", "process_working_set_bytes", "dotnet_total_memory_bytes", "dotnet_collection_count_total",
            "system_runtime_dotnet_gc_collections", "system_runtime_dotnet_gc_heap_total_allocated", "system_runtime_dotnet_gc_pause_time",
            "system_runtime_dotnet_thread_pool_thread_count", "system_runtime_dotnet_thread_pool_queue_length",
            "system_runtime_dotnet_process_memory_working_set", "system_runtime_dotnet_monitor_lock_contentions",
        })
        {
            Assert.True(scrape.Samples(series).Count > 0, $"{series} is exported");
        }
    }

    private static double Increase(MetricsScrape before, MetricsScrape after, string name, params (string Label, string Value)[] labels) =>
        after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);
}
