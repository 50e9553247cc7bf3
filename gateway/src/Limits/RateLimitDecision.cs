namespace Ideation.Gateway.Limits;

/// <summary>Which of a request's limits refused it, if any.</summary>
public enum LimitKind
{
    None,
    User,
    ClientAddress,
}

/// <summary>Where a decision was taken: Redis (shared by the replicas) or this replica alone.</summary>
public enum LimitStore
{
    Redis,
    Local,
}

/// <summary>
/// The limiter's answer for one request: allowed, or refused by <see cref="RefusedBy"/> until
/// <see cref="RetryAfter"/> has passed.
/// </summary>
public readonly record struct RateLimitDecision(LimitKind RefusedBy, TimeSpan RetryAfter, LimitStore Store)
{
    public bool Allowed => RefusedBy == LimitKind.None;
}

/// <summary>One limit a request is held to: the client it counts against (a key) and the limit.</summary>
public readonly record struct LimitedKey(LimitKind Kind, string Key, Gcra Shared, Gcra Local);
