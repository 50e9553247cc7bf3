namespace Ideation.Gateway.Limits;

/// <summary>
/// A limit in the terms of the generic cell rate algorithm (GCRA): requests are spaced
/// <see cref="IntervalMicros"/> apart on average, and may run up to <see cref="ToleranceMicros"/>
/// ahead of that schedule (the burst).
/// </summary>
/// <remarks>
/// GCRA keeps one number per client, its theoretical arrival time (TAT): when its next request would
/// be due if it had kept to the rate. A request is allowed when the TAT is no more than the tolerance
/// ahead of now, and moves it one interval on. It decides exactly like a token bucket, with half its
/// state (no separate count and timestamp) and no refill loop, which keeps the Redis script and the
/// local fallback one small piece of arithmetic.
/// </remarks>
public readonly record struct Gcra(long IntervalMicros, long ToleranceMicros)
{
    /// <summary>The limit of <paramref name="limit"/> scaled by <paramref name="share"/> (1 for the shared limit).</summary>
    public static Gcra From(RateLimit limit, double share = 1)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var rate = limit.RequestsPerSecond * share;
        var burst = Math.Max(1, (int)Math.Floor(limit.Burst * share));
        var interval = (long)Math.Ceiling(1_000_000 / rate);
        return new Gcra(interval, interval * (burst - 1));
    }

    /// <summary>
    /// How long a client whose TAT is <paramref name="tat"/> must wait, at <paramref name="now"/>, before
    /// its next request is allowed: zero when it is allowed now.
    /// </summary>
    public long WaitMicros(long tat, long now) => Math.Max(0, Math.Max(tat, now) - now - ToleranceMicros);

    /// <summary>The TAT after an allowed request.</summary>
    public long Spend(long tat, long now) => Math.Max(tat, now) + IntervalMicros;
}
