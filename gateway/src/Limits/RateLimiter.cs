using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Ideation.Gateway.Limits;

/// <summary>
/// Decides each request in Redis when it can, and locally (this replica's share of the limits) when
/// Redis is unreachable or slower than <see cref="RateLimitOptions.RedisTimeout"/>: never open, never
/// closed for everyone. Without Redis configured the gateway is alone and limits in full, locally.
/// </summary>
/// <remarks>
/// The connection reconnects by itself; while it is down the local limit decides at once (a command
/// would only wait in vain). After a timeout or an error the local limit decides for
/// <see cref="RateLimitOptions.FallbackRetryInterval"/> before Redis is asked again, so that a slow
/// Redis costs one request its timeout, not all of them. Readiness does not depend on Redis.
/// </remarks>
public sealed partial class RateLimiter(
    RedisRateLimiter? shared, LocalRateLimiter local, RateLimitOptions options, TimeProvider clock, ILogger<RateLimiter> logger)
{
    private long _localUntilTicks;

    /// <summary>Where the latest decision was taken (tests wait for Redis to be back).</summary>
    public LimitStore LastStore { get; private set; } = shared is null ? LimitStore.Local : LimitStore.Redis;

    public async ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitedKey> keys)
    {
        var decision = await DecideSharedAsync(keys) ?? local.Decide(keys, inFull: shared is null);
        if (decision.Store != LastStore)
        {
            LogStoreChanged(logger, decision.Store);
        }

        LastStore = decision.Store;
        RateLimitMetrics.Decided(decision);
        return decision;
    }

    private async ValueTask<RateLimitDecision?> DecideSharedAsync(IReadOnlyList<LimitedKey> keys)
    {
        if (shared is null || clock.GetTimestamp() < Interlocked.Read(ref _localUntilTicks))
        {
            return null;
        }

        if (!shared.IsConnected)
        {
            RateLimitMetrics.RedisFailed("disconnected");
            return null;
        }

        try
        {
            return await shared.DecideAsync(keys).WaitAsync(options.RedisTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or RedisException)
        {
            RateLimitMetrics.RedisFailed(exception is TimeoutException ? "timeout" : "error");
            var retryAt = clock.GetTimestamp() + (long)(options.FallbackRetryInterval.TotalSeconds * clock.TimestampFrequency);
            Interlocked.Exchange(ref _localUntilTicks, retryAt);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits are now decided by {Store}")]
    private static partial void LogStoreChanged(ILogger logger, LimitStore store);
}
