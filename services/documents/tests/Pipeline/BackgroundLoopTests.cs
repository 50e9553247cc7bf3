using Ideation.Testing;
using Ideation.Documents.Domain;
using Ideation.Documents.Tests.Functional;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The pipeline with its loops running on their own every few hundred milliseconds, as in production but faster.</summary>
public sealed class RunningPipelineFixture : PipelineFixture
{
    protected override TimeSpan LoopInterval => TimeSpan.FromMilliseconds(200);

    protected override bool RelayOnCommit => true;
}

/// <summary>Nobody calls RunOnceAsync here: the hosted loops move the work by themselves.</summary>
public sealed class BackgroundLoopTests(RunningPipelineFixture service) : IClassFixture<RunningPipelineFixture>
{
    [Fact]
    public async Task An_upload_reaches_the_stream_and_a_due_cleanup_is_swept_without_anyone_asking()
    {
        var author = TestUser.Submitter();
        var idea = await service.IdeaAsync(author);
        var upload = await service.Documents(author).UploadAsync(idea.Name, "filename.txt", "Bike racks, east door.\n"u8.ToArray(), "text/plain");
        var orphan = $"{Guid.NewGuid()}/{Guid.NewGuid()}";
        await service.PutObjectAsync(service.Bucket, orphan, "left behind"u8.ToArray());
        await service.AddCleanupAsync(service.Bucket, orphan, DateTime.UtcNow.AddSeconds(-1));

        await using var redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);
        await WaitUntilAsync(async () => (await redis.GetDatabase().StreamRangeAsync(service.Stream))
            .Any(entry => entry["document"] == upload.Name && entry["generation"] == "1"));
        await WaitUntilAsync(async () => !await service.ObjectExistsAsync(service.Bucket, orphan));

        Assert.Equal(ScanState.Pending, (await service.ReadAsync(Guid.Parse(upload.Name.Split('/')[^1]))).ScanState);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; gives up after a minute, which only a broken loop needs.</summary>
    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The background loop never did its work.");
    }
}

/// <summary>Every loop polls only once an hour, but the relay is woken by the uploads it relays.</summary>
public sealed class WakingRelayFixture : PipelineFixture
{
    protected override bool RelayOnCommit => true;
}

public sealed class RelayOnCommitTests(WakingRelayFixture service) : IClassFixture<WakingRelayFixture>
{
    [Fact]
    public async Task An_upload_has_its_job_published_at_once_not_at_the_relays_next_poll_an_hour_away()
    {
        // The pass the relay runs as the service starts is over: only a wake-up can bring the next one.
        await service.Relay.FirstPassEnded;
        var author = TestUser.Submitter();
        var idea = await service.IdeaAsync(author);

        var upload = await service.Documents(author).UploadAsync(idea.Name, "filename.txt", "Bike racks, west door.\n"u8.ToArray(), "text/plain");

        await using var redis = await PipelineScenario.ConnectRedisAsync(service.RedisEndpoint);
        await BackgroundLoopTests.WaitUntilAsync(async () => (await redis.GetDatabase().StreamRangeAsync(service.Stream))
            .Any(entry => entry["document"] == upload.Name && entry["generation"] == "1"));
    }
}
