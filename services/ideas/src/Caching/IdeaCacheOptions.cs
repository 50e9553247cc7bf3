namespace Ideation.Ideas.Caching;

/// <summary>The cache-aside of single ideas in Redis. Section <c>Ideas:Cache</c>.</summary>
public sealed class IdeaCacheOptions
{
    public const string Section = "Ideas:Cache";

    /// <summary>StackExchange.Redis configuration string; empty turns the cache off (every read goes to PostgreSQL).</summary>
    public string Redis { get; set; } = "";

    /// <summary>
    /// How long a cached idea, and the marker an invalidation leaves, live. It bounds how long a stale
    /// idea can be served after a change whose invalidation could not reach Redis.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a read waits for Redis before it asks PostgreSQL instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Prefix of the keys, so that several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "ideation:ideas:";

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
