using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;
using StackExchange.Redis;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>Deletions reach the events stream, so documents can remove what it keeps for the idea.</summary>
public sealed class IdeaEventsTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task A_deleted_idea_is_published_once_on_the_events_stream()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        var kept = await service.As(author).CreateAsync();

        await service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name });

        await using var redis = await ConnectionMultiplexer.ConnectAsync(SharedServers.Redis);
        var events = await WaitForEntriesAsync(redis.GetDatabase(), entry => entry["idea"] == idea.Name);
        var deleted = Assert.Single(events);
        Assert.Equal("idea.deleted", deleted["event"]);
        Assert.DoesNotContain(await ReadAllAsync(redis.GetDatabase()), entry => entry["idea"] == kept.Name);
    }

    [Fact]
    public async Task A_refused_deletion_publishes_nothing()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();

        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Submitter("other")).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name }));
        // A deletion that did happen afterwards is published: when it shows up, the refused one would have too.
        var marker = await service.As(author).CreateAsync();
        await service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = marker.Name });

        await using var redis = await ConnectionMultiplexer.ConnectAsync(SharedServers.Redis);
        await WaitForEntriesAsync(redis.GetDatabase(), entry => entry["idea"] == marker.Name);
        Assert.DoesNotContain(await ReadAllAsync(redis.GetDatabase()), entry => entry["idea"] == idea.Name);
    }

    private async Task<List<Dictionary<string, string>>> WaitForEntriesAsync(IDatabase database, Func<Dictionary<string, string>, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var matching = (await ReadAllAsync(database)).Where(match).ToList();
            if (matching.Count > 0 || DateTime.UtcNow > deadline)
            {
                // Let a duplicate, if the relay were to publish one, arrive before counting.
                await Task.Delay(TimeSpan.FromSeconds(1));
                return (await ReadAllAsync(database)).Where(match).ToList();
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<Dictionary<string, string>>> ReadAllAsync(IDatabase database) =>
        (await database.StreamRangeAsync(service.EventsStream))
            .Select(entry => entry.Values.ToDictionary(value => value.Name.ToString(), value => value.Value.ToString()))
            .ToList();
}
