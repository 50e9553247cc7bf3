using Ideation.Testing;
using StackExchange.Redis;

namespace Ideation.Messaging.Tests;

/// <summary>A Redis of the test's own, killed and started again empty, as after a crash without persistence.</summary>
public sealed class RedisRestartTests
{
    [Fact]
    public async Task After_Redis_lost_its_data_the_group_is_created_again_and_new_entries_are_read()
    {
        await using var server = await LocalServer.StartRedisAsync();
        await using var redis = await TestStream.ConnectAsync(server.Endpoint);
        var stream = new TestStream(redis);
        var consumer = stream.Consumer("a");
        await consumer.EnsureGroupAsync();
        var before = await stream.AddAsync("before the crash");
        Assert.Equal(before, Assert.Single(await consumer.TryReadAsync(1, CancellationToken.None)).Id);

        server.Kill();
        await server.StartAgainAsync();
        var after = await WhenConnectedAsync(() => stream.AddAsync("after the crash"));

        var read = await WhenConnectedAsync(() => consumer.TryReadAsync(1, CancellationToken.None));

        Assert.Equal(after, Assert.Single(read).Id);
        Assert.Equal(stream.Group, Assert.Single(await redis.GetDatabase().StreamGroupInfoAsync(stream.Key)).Name);
    }

    /// <summary>Runs <paramref name="call"/> until the client has reconnected to the restarted server.</summary>
    private static async Task<T> WhenConnectedAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
