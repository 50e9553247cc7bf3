using System.Net;
using System.Net.Sockets;
using Ideation.Ideas.Caching;
using Ideation.Ideas.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>
/// The cache is made by the first request that needs it. Its connection must never hold that
/// request: a synchronous connect there blocked the first burst of a fresh instance, whose requests
/// queued behind it on the container's one thread-pool thread, for 15 s.
/// </summary>
public sealed class IdeaCacheConnectionTests
{
    /// <summary>Far longer than the guard below: a constructor that waited for the connect would fail the test.</summary>
    private const int ConnectTimeoutMilliseconds = 120_000;

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cache_whose_Redis_has_not_answered_is_made_at_once_and_reads_go_to_the_database()
    {
        // Accepts connections (the kernel's backlog) and never answers a command.
        using var silentRedis = new TcpListener(IPAddress.Loopback, 0);
        silentRedis.Start();
        var port = ((IPEndPoint)silentRedis.LocalEndpoint).Port;
        var options = Options.Create(new IdeaCacheOptions
        {
            Redis = $"127.0.0.1:{port},connectTimeout={ConnectTimeoutMilliseconds}",
            Timeout = TimeSpan.FromMilliseconds(100),
        });
        var record = new IdeaRecord
        {
            Id = Guid.NewGuid(),
            Title = "Read while the cache connects",
            Category = "workplace",
            Author = "reader",
            CreateTime = DateTime.UtcNow,
            UpdateTime = DateTime.UtcNow,
            Version = 1,
        };
        var loads = 0;

        await using var cache = await Task.Run(() => new IdeaCache(options, NullLogger<IdeaCache>.Instance)).WaitAsync(Guard);
        var idea = await cache.GetOrLoadAsync(record.Id, _ =>
        {
            loads++;
            return Task.FromResult<IdeaRecord?>(record);
        }, CancellationToken.None).WaitAsync(Guard);

        Assert.True(cache.Enabled);
        Assert.False(cache.Connected);
        Assert.Equal(record.Title, idea?.Title);
        Assert.Equal(1, loads);
        // Nor does an invalidation wait for the connect: it gives up after the command timeout, as when Redis is down.
        await cache.InvalidateAsync(record.Id, 2).WaitAsync(Guard);
    }
}
