using StackExchange.Redis;

namespace Ideation.Gateway.Limits;

/// <summary>
/// The shared limiter: one Lua script decides all of a request's limits in Redis, atomically and in
/// one round trip, so that every replica spends from the same allowance.
/// </summary>
/// <remarks>
/// The clock is Redis's (TIME), not the replicas', so that their clocks need not agree. Each key holds
/// one client's TAT in microseconds and expires when the TAT passes (a missing key and a passed TAT
/// mean the same: a full burst), so idle clients cost nothing. A request is allowed only if every
/// limit allows it, and only then spends from each: a refused request costs the client nothing more.
/// All keys of a request are in one script, so they must live on one Redis node (the platform's Redis
/// is one primary; a cluster would need the keys in one hash slot).
/// </remarks>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis)
{
    // ARGV: pairs of (interval, tolerance) in microseconds, one per key.
    // Returns {index of the refusing key (0: allowed), microseconds to wait}.
    private const string Script = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local tats = {}
        for i, key in ipairs(KEYS) do
          local interval = tonumber(ARGV[2 * i - 1])
          local tolerance = tonumber(ARGV[2 * i])
          local tat = math.max(tonumber(redis.call('GET', key) or now), now)
          local wait = tat - now - tolerance
          if wait > 0 then
            return {i, wait}
          end
          tats[i] = tat + interval
        end
        for i, key in ipairs(KEYS) do
          redis.call('SET', key, string.format('%.0f', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000))
        end
        return {0, 0}
        """;

    public bool IsConnected => redis.IsConnected;

    public async Task<RateLimitDecision> DecideAsync(IReadOnlyList<LimitedKey> keys)
    {
        var redisKeys = new RedisKey[keys.Count];
        var arguments = new RedisValue[keys.Count * 2];
        for (var i = 0; i < keys.Count; i++)
        {
            redisKeys[i] = keys[i].Key;
            arguments[2 * i] = keys[i].Shared.IntervalMicros;
            arguments[(2 * i) + 1] = keys[i].Shared.ToleranceMicros;
        }

        // Sent as EVALSHA; StackExchange.Redis falls back to EVAL when a restarted Redis lost the script.
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, redisKeys, arguments))!;
        var refusing = (int)result[0];
        return refusing == 0
            ? new RateLimitDecision(LimitKind.None, TimeSpan.Zero, LimitStore.Redis)
            : new RateLimitDecision(keys[refusing - 1].Kind, TimeSpan.FromMicroseconds((long)result[1]), LimitStore.Redis);
    }
}
