using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Ideation.Messaging;

/// <summary>
/// One consumer of a consumer group on a Redis stream used as a work queue. Each read returns, in
/// this order: the consumer's own entries that were delivered and never acknowledged (after a
/// restart, or after <see cref="RevisitPending"/>), entries other consumers abandoned (idle past
/// <see cref="StreamConsumerOptions.ClaimIdle"/>, claimed with XAUTOCLAIM), then new entries. An
/// entry stays pending until <see cref="AcknowledgeAsync"/>: work that is cut off is never lost.
/// When Redis answers NOGROUP (it restarted without persistence, or someone deleted the group), the
/// group is created again and the read repeated. Connection failures surface as StackExchange.Redis
/// exceptions: the caller waits and retries while the multiplexer reconnects by itself.
/// Safe for several tasks at once: reads are serialized, so no two readers get the same entry.
/// An idle <see cref="ReadAsync"/> polls, and also reads at once when a producer announces new
/// entries (<see cref="StreamNotices"/>).
/// </summary>
public sealed class RedisStreamConsumer
{
    /// <summary>
    /// New groups start at the beginning of the stream, not at its end: entries added while no group
    /// existed (after Redis lost its data and a producer published again) are work too.
    /// </summary>
    private const string StartOfStream = "0";

    private const string NewEntries = ">";
    private const string ClaimScanStart = "0-0";

    private readonly IConnectionMultiplexer _redis;
    private readonly StreamConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _readLock = new(1, 1);

    /// <summary>Where reading this consumer's own pending entries goes on; null once all were read.</summary>
    private string? _pendingCursor = StartOfStream;

    private string _claimCursor = ClaimScanStart;
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;
    private int _revisitRequested;

    /// <summary>Raised by a notice of new entries; armed before each read, so that a notice during a read brings another.</summary>
    private readonly WakeSignal _notice = new();

    private int _subscribed;

    public RedisStreamConsumer(IConnectionMultiplexer redis, StreamConsumerOptions options, ILogger<RedisStreamConsumer>? logger = null, TimeProvider? clock = null)
    {
        _redis = redis;
        _options = options;
        _logger = logger ?? NullLogger<RedisStreamConsumer>.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>This consumer's name in the group.</summary>
    public string Name => _options.Consumer;

    private IDatabase Database => _redis.GetDatabase();

    /// <summary>Creates the group (and the stream) unless it exists.</summary>
    public async Task EnsureGroupAsync()
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(_options.Stream, _options.Group, StartOfStream, createStream: true);
            _logger.GroupCreated(_options.Stream, _options.Group);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance, or an earlier start, created it: nothing to do.
        }
    }

    /// <summary>Reads up to <paramref name="count"/> entries, waiting while there are none for a notice of new ones or the next poll.</summary>
    public async Task<IReadOnlyList<StreamMessage>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        await SubscribeToNoticesAsync();
        while (true)
        {
            var notice = _notice.Arm();
            var messages = await TryReadAsync(count, cancellationToken);
            if (messages.Count > 0)
            {
                return messages;
            }

            await WakeSignal.PauseAsync(_options.PollDelay, notice, _clock, cancellationToken);
        }
    }

    /// <summary>Reads up to <paramref name="count"/> entries once; empty when there is nothing to do.</summary>
    public async Task<IReadOnlyList<StreamMessage>> TryReadAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _readLock.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Exchange(ref _revisitRequested, 0) == 1)
            {
                _pendingCursor = StartOfStream;
            }

            return await WithGroupAsync(() => ReadOnceAsync(count));
        }
        finally
        {
            _readLock.Release();
        }
    }

    /// <summary>
    /// Makes the next read start again with this consumer's own pending entries: for work that was
    /// left unacknowledged on purpose (a dependency was down) and should be tried again before new work.
    /// </summary>
    public void RevisitPending() => Interlocked.Exchange(ref _revisitRequested, 1);

    /// <summary>Acknowledges an entry: it leaves the pending list for good. False if it was not pending (any more).</summary>
    public async Task<bool> AcknowledgeAsync(string id)
    {
        try
        {
            return await Database.StreamAcknowledgeAsync(_options.Stream, _options.Group, id) > 0;
        }
        catch (RedisServerException exception) when (IsNoGroup(exception))
        {
            // The group is gone, and with it every pending entry: nothing is left to acknowledge.
            return false;
        }
    }

    /// <summary>
    /// Subscribes once to the stream's notices. Failing (Redis is down) is not an error: reads poll,
    /// and the next read tries again; the multiplexer renews a subscription after a reconnect itself.
    /// </summary>
    private async Task SubscribeToNoticesAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().SubscribeAsync(StreamNotices.ChannelOf(_options.Stream), (_, _) => _notice.Raise());
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private async Task<IReadOnlyList<StreamMessage>> ReadOnceAsync(int count)
    {
        if (_pendingCursor is not null)
        {
            var pending = await ReadOwnPendingAsync(count);
            if (pending.Count > 0)
            {
                return pending;
            }
        }

        if (_clock.GetUtcNow() >= _nextClaim)
        {
            var claimed = await ClaimAbandonedAsync(count);
            if (claimed.Count > 0)
            {
                return claimed;
            }
        }

        var entries = await Database.StreamReadGroupAsync(_options.Stream, _options.Group, _options.Consumer, NewEntries, count);
        return entries.Select(entry => ToMessage(entry, deliveryCount: 1, StreamMessageSource.New)).ToList();
    }

    private async Task<IReadOnlyList<StreamMessage>> ReadOwnPendingAsync(int count)
    {
        while (_pendingCursor is not null)
        {
            var entries = await Database.StreamReadGroupAsync(_options.Stream, _options.Group, _options.Consumer, _pendingCursor, count);
            if (entries.Length == 0)
            {
                _pendingCursor = null;
                break;
            }

            _pendingCursor = entries[^1].Id;
            var live = new List<StreamEntry>();
            foreach (var entry in entries)
            {
                if (IsDeleted(entry))
                {
                    // XDEL or trimming removed it while pending: its content is gone, so is the work.
                    await Database.StreamAcknowledgeAsync(_options.Stream, _options.Group, entry.Id);
                    _logger.DeletedEntryDropped(entry.Id.ToString(), _options.Stream);
                }
                else
                {
                    live.Add(entry);
                }
            }

            if (live.Count > 0)
            {
                _logger.ResumingPending(_options.Consumer, live.Count, _options.Stream);
                return await WithDeliveryCountsAsync(live, StreamMessageSource.Pending);
            }
        }

        return [];
    }

    private async Task<IReadOnlyList<StreamMessage>> ClaimAbandonedAsync(int count)
    {
        var result = await Database.StreamAutoClaimAsync(
            _options.Stream, _options.Group, _options.Consumer, (long)_options.ClaimIdle.TotalMilliseconds, _claimCursor, count);
        // XAUTOCLAIM walks the pending list in steps; "0-0" means it reached the end: rest until the next interval.
        _claimCursor = result.NextStartId.IsNullOrEmpty ? ClaimScanStart : result.NextStartId.ToString();
        if (_claimCursor == ClaimScanStart)
        {
            _nextClaim = _clock.GetUtcNow() + _options.ClaimInterval;
        }

        // Since Redis 7, XAUTOCLAIM itself drops deleted entries from the pending list (DeletedIds).
        var live = result.ClaimedEntries.Where(entry => !IsDeleted(entry)).ToList();
        if (live.Count == 0)
        {
            return [];
        }

        _logger.Claimed(_options.Consumer, live.Count, _options.Stream);
        return await WithDeliveryCountsAsync(live, StreamMessageSource.Claimed);
    }

    /// <summary>XPENDING knows how often each entry was delivered; entries are few per read, so one query each.</summary>
    private async Task<IReadOnlyList<StreamMessage>> WithDeliveryCountsAsync(List<StreamEntry> entries, StreamMessageSource source)
    {
        var counts = await Task.WhenAll(entries.Select(async entry =>
        {
            var info = await Database.StreamPendingMessagesAsync(_options.Stream, _options.Group, 1, _options.Consumer, entry.Id, entry.Id);
            return info.Length > 0 ? info[0].DeliveryCount : 1;
        }));
        return entries.Select((entry, index) => ToMessage(entry, counts[index], source)).ToList();
    }

    /// <summary>Runs a read; when the group is missing, creates it and runs the read once more.</summary>
    private async Task<T> WithGroupAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (RedisServerException exception) when (IsNoGroup(exception))
        {
            _logger.GroupMissing(_options.Stream, _options.Group);
            await EnsureGroupAsync();
            // A new group has no pending entries and nothing to claim: start both walks over.
            _pendingCursor = StartOfStream;
            _claimCursor = ClaimScanStart;
            return await read();
        }
    }

    private static bool IsNoGroup(RedisServerException exception) => exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    private static bool IsDeleted(StreamEntry entry) => entry.IsNull || entry.Values is null || entry.Values.Length == 0;

    private static StreamMessage ToMessage(StreamEntry entry, long deliveryCount, StreamMessageSource source)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in entry.Values ?? [])
        {
            fields[value.Name.ToString()] = value.Value.ToString();
        }

        return new StreamMessage(entry.Id.ToString(), fields, deliveryCount, source);
    }
}
