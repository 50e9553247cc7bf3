using System.Diagnostics;
using Google.Protobuf;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Api;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Persistence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Ideas.Caching;

/// <summary>
/// Cache-aside of single ideas in Redis, for GetIdea. It stores the row (as the contract's Idea, the
/// same for every caller), never an answer for one caller: the caller's right to see it is checked on
/// every read. Redis is optional: when it is down or slow, reads go to PostgreSQL.
///
/// Invalidation without a refill race. The classic race of delete-after-commit: a reader misses,
/// reads version 1 from PostgreSQL, a writer commits version 2 and deletes the key, then the reader
/// writes version 1 back, stale until its TTL. Here each key is a hash with the row's `version`; an
/// invalidation does not delete it but leaves a marker holding the new version (no `idea` field), and
/// a fill is a script that writes only if what is there is not newer than the version it read. The
/// late reader's version 1 loses to the marker's 2; a reader of version 2 replaces the marker. So
/// order no longer matters, only versions, which PostgreSQL hands out (the etag). A deletion leaves a
/// marker no version passes. Versions could be compared by a generation key and delete-after-commit
/// as well, but that needs two keys, a second round trip on every miss and still a short TTL to close
/// the gap; the version is already in the row and makes the check exact.
///
/// What remains bounded only by the TTL: an invalidation Redis did not receive (it was down for the
/// writer but not for readers), and a reader that stalled longer than the TTL between its read and its
/// fill (a fill is skipped when the read is older than half the TTL, so the marker outlives it).
/// </summary>
public sealed class IdeaCache : IAsyncDisposable
{
    /// <summary>The version a deletion's marker holds: no row reaches it, so nothing refills a deleted idea.</summary>
    private const long Deleted = (1L << 53) - 1;

    private static readonly RedisValue VersionField = "version";
    private static readonly RedisValue IdeaField = "idea";
    private static readonly RedisValue[] IdeaFieldOnly = [IdeaField];

    // KEYS[1] the idea; ARGV[1] the version read, ARGV[2] the idea, ARGV[3] TTL in ms.
    private static readonly LuaScript Fill = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @key, 'version'))
        if current and current > tonumber(@version) then return 0 end
        redis.call('HSET', @key, 'version', @version, 'idea', @idea)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    // Replaces whatever is older than the committed version with a marker of that version; a fill of
    // that version or newer that got there first stays.
    private static readonly LuaScript Invalidate = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @key, 'version'))
        if current and current >= tonumber(@version) then return 0 end
        redis.call('DEL', @key)
        redis.call('HSET', @key, 'version', @version)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    private readonly IdeaCacheOptions _options;
    /// <summary>The connection, made in the background; null when the cache is off.</summary>
    private readonly Task<ConnectionMultiplexer>? _connection;
    private readonly ILogger<IdeaCache> _logger;
    private readonly long _ttlMilliseconds;

    public IdeaCache(IOptions<IdeaCacheOptions> options, ILogger<IdeaCache> logger)
    {
        _options = options.Value;
        _logger = logger;
        _ttlMilliseconds = (long)_options.Ttl.TotalMilliseconds;
        if (_options.Enabled)
        {
            var configuration = ConfigurationOptions.Parse(_options.Redis);
            // Connects in the background and never fails startup or readiness; while it is away,
            // commands fail at once instead of queueing, and reads go to PostgreSQL.
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ClientName ??= "ideas-cache";
            // Asynchronously: the cache is made by the first request that needs it, and a synchronous
            // connect there held a thread while the first burst of a new instance queued behind it on
            // the container's core. With the pool's one thread per core blocked, a fresh instance
            // created no idea for 15 s (docs/performance.md, "The first burst of a new instance").
            _connection = ConnectionMultiplexer.ConnectAsync(configuration);
            _ = IdeaCacheMetrics.Hit;
        }
    }

    public bool Enabled => _connection is not null;

    /// <summary>For tests that restart Redis: whether the cache's connection is up.</summary>
    internal bool Connected => _connection is { IsCompletedSuccessfully: true } connection && connection.Result.IsConnected;

    /// <summary>Test hook: runs after a miss read the row from PostgreSQL and before the fill, so that a test can commit a change right there.</summary>
    internal Func<Guid, Task>? BeforeFill { get; set; }

    /// <summary>
    /// The idea from the cache, or from <paramref name="load"/> (PostgreSQL, regardless of the caller)
    /// and then stored; null when it does not exist.
    /// </summary>
    public async Task<Idea?> GetOrLoadAsync(Guid id, Func<CancellationToken, Task<IdeaRecord?>> load, CancellationToken cancellationToken)
    {
        var key = Key(id);
        var cached = await TryReadAsync(key);
        if (cached is not null)
        {
            return cached;
        }

        var started = Stopwatch.GetTimestamp();
        var record = await load(cancellationToken);
        if (record is null)
        {
            return null;
        }

        var idea = record.ToProto();
        if (BeforeFill is { } hook)
        {
            await hook(id);
        }

        if (Stopwatch.GetElapsedTime(started) < _options.Ttl / 2)
        {
            await TryRunAsync(Fill, new { key, version = record.Version, idea = (RedisValue)idea.ToByteArray(), ttl = _ttlMilliseconds }, "fill");
        }

        return idea;
    }

    /// <summary>After a change to idea <paramref name="id"/> committed at <paramref name="version"/>: no older version is served or stored again.</summary>
    public Task InvalidateAsync(Guid id, long version) => InvalidateKeyAsync(id, version);

    /// <summary>After idea <paramref name="id"/> was deleted: nothing of it is served or stored again.</summary>
    public Task ForgetDeletedAsync(Guid id) => InvalidateKeyAsync(id, Deleted);

    private async Task InvalidateKeyAsync(Guid id, long version)
    {
        if (_connection is null)
        {
            return;
        }

        if (!await TryRunAsync(Invalidate, new { key = Key(id), version, ttl = _ttlMilliseconds }, "invalidation"))
        {
            IdeaCacheMetrics.InvalidationFailed();
        }
    }

    private async Task<Idea?> TryReadAsync(RedisKey key)
    {
        try
        {
            var database = await DatabaseAsync();
            var values = await database.HashGetAsync(key, IdeaFieldOnly).WaitAsync(_options.Timeout);
            if (values[0].IsNull)
            {
                // Nothing, or an invalidation's marker.
                IdeaCacheMetrics.Miss.Inc();
                return null;
            }

            IdeaCacheMetrics.Hit.Inc();
            return Idea.Parser.ParseFrom((byte[])values[0]!);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            IdeaCacheMetrics.Error.Inc();
            _logger.CacheUnavailable("read", exception.Message);
            return null;
        }
    }

    private async Task<bool> TryRunAsync(LuaScript script, object parameters, string operation)
    {
        try
        {
            var database = await DatabaseAsync();
            await database.ScriptEvaluateAsync(script, parameters).WaitAsync(_options.Timeout);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _logger.CacheUnavailable(operation, exception.Message);
            return false;
        }
    }

    /// <summary>
    /// The database once connected. A request arriving while the first connect still runs waits for
    /// it no longer than a command may take, then counts as Redis being away (TimeoutException).
    /// </summary>
    private ValueTask<IDatabase> DatabaseAsync() =>
        _connection!.IsCompletedSuccessfully
            ? ValueTask.FromResult(_connection.Result.GetDatabase()) // every call once connected: no allocation
            : new ValueTask<IDatabase>(ConnectingDatabaseAsync());

    private async Task<IDatabase> ConnectingDatabaseAsync() => (await _connection!.WaitAsync(_options.Timeout)).GetDatabase();

    private RedisKey Key(Guid id) => $"{_options.KeyPrefix}idea:{id:D}";

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsCompletedSuccessfully: true })
        {
            await _connection.Result.DisposeAsync();
        }
        else
        {
            // Still connecting to a Redis that does not answer: closed when the attempt ends, without
            // holding the shutdown for the connect timeout.
            _connection?.ContinueWith(static connecting => connecting.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
