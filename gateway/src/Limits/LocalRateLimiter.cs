namespace Ideation.Gateway.Limits;

/// <summary>
/// The fallback while Redis is unreachable: the same GCRA in this process, with each limit scaled to
/// this replica's share (<see cref="LimitedKey.Local"/>), so that a Redis outage neither lifts the
/// limits nor refuses everyone. A gateway configured without Redis is alone and limits in full.
/// </summary>
/// <remarks>
/// One lock: it is held for a few dictionary operations, and only during an outage. The entries are
/// bounded: when full, clients whose TAT has passed (a fresh client would be in the same state) are
/// forgotten, and if that frees nothing the limiter starts over, which only forgives.
/// </remarks>
public sealed class LocalRateLimiter(int maxEntries, TimeProvider clock)
{
    private readonly Dictionary<string, long> _tats = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Clients tracked now (tests check the bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tats.Count;
            }
        }
    }

    /// <param name="keys">The request's limits.</param>
    /// <param name="inFull">Applies the whole limits (a gateway without Redis) rather than this replica's share.</param>
    public RateLimitDecision Decide(IReadOnlyList<LimitedKey> keys, bool inFull = false)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        lock (_gate)
        {
            foreach (var key in keys)
            {
                var wait = (inFull ? key.Shared : key.Local).WaitMicros(_tats.GetValueOrDefault(key.Key, now), now);
                if (wait > 0)
                {
                    return new RateLimitDecision(key.Kind, TimeSpan.FromMicroseconds(wait), LimitStore.Local);
                }
            }

            foreach (var key in keys)
            {
                if (!_tats.ContainsKey(key.Key) && _tats.Count >= maxEntries)
                {
                    MakeRoom(now);
                }

                _tats[key.Key] = (inFull ? key.Shared : key.Local).Spend(_tats.GetValueOrDefault(key.Key, now), now);
            }
        }

        return new RateLimitDecision(LimitKind.None, TimeSpan.Zero, LimitStore.Local);
    }

    private void MakeRoom(long now)
    {
        foreach (var (key, tat) in _tats)
        {
            if (tat <= now)
            {
                _tats.Remove(key);
            }
        }

        if (_tats.Count >= maxEntries)
        {
            _tats.Clear();
        }
    }
}
