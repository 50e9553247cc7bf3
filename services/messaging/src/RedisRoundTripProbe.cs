using Ideation.ServiceDefaults.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using StackExchange.Redis;

namespace Ideation.Messaging;

/// <summary>
/// PINGs the process's Redis every <see cref="MetricsOptions.RedisPingInterval"/> and records the
/// round trip in <c>redis_round_trip_seconds</c>: how long every stream read, publish and
/// acknowledgement waits on the network and on Redis itself. While the multiplexer is disconnected
/// nothing is recorded (a PING would only wait out its timeout in the backlog): the histogram's
/// count stops growing, which is what an outage looks like.
/// </summary>
public sealed class RedisRoundTripProbe(
    IConnectionMultiplexer redis,
    IOptions<MetricsOptions> options,
    TimeProvider clock,
    ILogger<RedisRoundTripProbe> logger) : BackgroundLoop(clock, logger)
{
    /// <summary>0.5 ms (Redis on the same node) to 1 s (a saturated server or network).</summary>
    private static readonly Histogram RoundTrip = Prometheus.Metrics.CreateHistogram(
        "redis_round_trip_seconds", "Round trip of a PING to Redis, measured every few seconds.",
        new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    protected override string Name => "Redis round-trip probe";

    protected override TimeSpan Interval => options.Value.RedisPingInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            var roundTrip = await redis.GetDatabase().PingAsync();
            RoundTrip.Observe(roundTrip.TotalSeconds);
        }

        return false;
    }
}
