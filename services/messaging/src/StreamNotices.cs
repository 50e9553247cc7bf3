using StackExchange.Redis;

namespace Ideation.Messaging;

/// <summary>
/// Tells a stream's consumers, over Redis pub/sub, that entries were added, so that an idle consumer
/// reads at once instead of at its next poll: a scan starts within milliseconds of its upload rather
/// than up to a poll interval later. A notice is only a hint and may be lost (no subscriber yet, a
/// reconnect): the consumers' polling still finds every entry.
/// </summary>
public static class StreamNotices
{
    /// <summary>The channel that announces new entries of <paramref name="stream"/>.</summary>
    public static RedisChannel ChannelOf(string stream) => RedisChannel.Literal(stream + ":added");

    /// <summary>Announces new entries without waiting for Redis: nothing depends on the notice arriving.</summary>
    public static void Publish(IConnectionMultiplexer redis, string stream)
    {
        try
        {
            redis.GetSubscriber().Publish(ChannelOf(stream), RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The connection dropped since the entries were added: the consumers' polls find them.
        }
    }
}
