namespace Ideation.Gateway.Limits;

/// <summary>
/// Abuse limits of the gateway, section <c>Gateway:RateLimits</c>: one limit per authenticated user
/// (the token's subject) and one per client address, shared by every replica through Redis.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Off turns every limit off (benchmarks of the gateway's own cost, nothing else).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// StackExchange.Redis configuration string of the Redis all replicas share. Empty: the gateway is
    /// taken to be alone and applies the whole limits in its own memory.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of the limiter's keys, so that several platforms (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "ideation:rate";

    /// <summary>
    /// The longest the limiter waits for Redis before it decides locally: a slow Redis adds at most this
    /// to a request.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// After Redis failed or timed out, how long the limiter decides locally before it asks Redis again,
    /// so that a slow Redis does not cost every request its timeout.
    /// </summary>
    public TimeSpan FallbackRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The share of each limit one replica grants on its own while Redis is unreachable: 1 / the usual
    /// number of replicas, so that the replicas together stay near the shared limit.
    /// </summary>
    public double LocalShare { get; set; } = 0.5;

    /// <summary>The most clients the local limiter tracks; past it, clients idle long enough to be full again are forgotten.</summary>
    public int LocalMaxEntries { get; set; } = 100_000;

    /// <summary>Per authenticated user (the token's <c>sub</c>).</summary>
    public RateLimit PerUser { get; set; } = new() { RequestsPerSecond = 20, Burst = 100 };

    /// <summary>Per client address (an IPv6 address by its /64), for every request, refused ones included.</summary>
    public RateLimit PerClientAddress { get; set; } = new() { RequestsPerSecond = 100, Burst = 300 };
}

/// <summary>A sustained rate and the burst allowed above it (requests that may arrive at once).</summary>
public sealed class RateLimit
{
    public double RequestsPerSecond { get; set; }

    public int Burst { get; set; }
}
