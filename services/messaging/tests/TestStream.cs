using StackExchange.Redis;

namespace Ideation.Messaging.Tests;

/// <summary>A stream of its own on a real Redis, with the producer's and the observer's view of it.</summary>
public sealed class TestStream(IConnectionMultiplexer redis)
{
    public string Key { get; } = $"test-stream-{Guid.NewGuid():N}";
    public string Group { get; } = "workers";

    private IDatabase Database => redis.GetDatabase();

    public RedisStreamConsumer Consumer(string name, TimeSpan? claimIdle = null, TimeSpan? pollDelay = null) => new(redis, new StreamConsumerOptions
    {
        Stream = Key,
        Group = Group,
        Consumer = name,
        ClaimIdle = claimIdle ?? TimeSpan.FromHours(1),
        ClaimInterval = TimeSpan.Zero,
        PollDelay = pollDelay ?? TimeSpan.FromMilliseconds(20),
    });

    /// <summary>Whether <paramref name="consumer"/> has read from the group yet (XREADGROUP creates it there).</summary>
    public async Task<bool> HasReadAsync(string consumer) =>
        (await Database.StreamConsumerInfoAsync(Key, Group)).Any(info => info.Name == consumer);

    public async Task<string> AddAsync(string job) => (await Database.StreamAddAsync(Key, "job", job)).ToString();

    /// <summary>Every pending entry of the group: id, owner and delivery count.</summary>
    public async Task<StreamPendingMessageInfo[]> PendingAsync() =>
        await Database.StreamPendingMessagesAsync(Key, Group, 100, RedisValue.Null);

    public static async Task<IConnectionMultiplexer> ConnectAsync(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        // A test that restarts Redis needs the client to reconnect rather than give up.
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
