using Ideation.Ideas.Caching;
using Ideation.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// The ideas service with its idea cache on, in a Redis of its own, so that a test can look at the
/// keys and stop Redis. Tests use ideas of their own: keys never collide.
/// </summary>
public sealed class CachedIdeasFixture : IdeasServiceFixture
{
    private LocalServer? redisServer;
    private ConnectionMultiplexer? redis;

    public LocalServer RedisServer => redisServer!;

    public IdeaCache Cache => Services.GetRequiredService<IdeaCache>();

    /// <summary>The cache's hash of an idea: <c>version</c> (0: no entry), and <c>idea</c> unless it is an invalidation's marker.</summary>
    public async Task<(long Version, bool HasIdea)> EntryAsync(string name)
    {
        var values = await redis!.GetDatabase().HashGetAsync($"ideation:ideas:idea:{name["ideas/".Length..]}", ["version", "idea"]);
        return (values[0].IsNull ? 0 : (long)values[0], !values[1].IsNull);
    }

    /// <summary>Starts Redis again after a test killed it, and waits until the service and this fixture are connected.</summary>
    public async Task RestartRedisAsync()
    {
        await redisServer!.StartAgainAsync();
        for (var attempt = 0; attempt < 300 && !(Cache.Connected && redis!.IsConnected); attempt++)
        {
            await Task.Delay(100);
        }
    }

    public override async Task InitializeAsync()
    {
        redisServer = await LocalServer.StartRedisAsync();
        redis = await ConnectionMultiplexer.ConnectAsync(redisServer.Endpoint);
        await base.InitializeAsync();
    }

    protected override IEnumerable<string> ExtraArguments() =>
    [
        $"--Ideas:Cache:Redis={redisServer!.Endpoint}",
        // Generous, so that a loaded test machine never counts as a slow Redis; the fallback is tested with Redis stopped.
        "--Ideas:Cache:Timeout=00:00:05",
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        redis?.Dispose();
        if (redisServer is not null)
        {
            await redisServer.DisposeAsync();
        }
    }
}
