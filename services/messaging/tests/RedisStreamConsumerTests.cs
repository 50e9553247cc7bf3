using Ideation.Testing;
using StackExchange.Redis;

namespace Ideation.Messaging.Tests;

/// <summary>
/// The consumer against the real Redis of the test command, one stream per test; an idle reader wakes
/// on a producer's notice of new entries (pub/sub), not at its next poll.
/// </summary>
public sealed class RedisStreamConsumerTests : IAsyncLifetime
{
    /// <summary>Longer than any test may take: a read that returns did not wait for a poll.</summary>
    private static readonly TimeSpan NoPoll = TimeSpan.FromHours(1);

    private IConnectionMultiplexer _redis = null!;
    private TestStream _stream = null!;

    public async Task InitializeAsync()
    {
        _redis = await TestStream.ConnectAsync(SharedServers.Redis);
        _stream = new TestStream(_redis);
    }

    public async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync(_stream.Key);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_group_is_created_with_its_stream_and_creating_it_again_is_harmless()
    {
        var consumer = _stream.Consumer("a");

        await consumer.EnsureGroupAsync();
        await consumer.EnsureGroupAsync();

        var groups = await _redis.GetDatabase().StreamGroupInfoAsync(_stream.Key);
        Assert.Equal(_stream.Group, Assert.Single(groups).Name);
    }

    [Fact]
    public async Task Entries_added_before_the_group_existed_are_delivered()
    {
        var early = await _stream.AddAsync("early");
        var consumer = _stream.Consumer("a");
        await consumer.EnsureGroupAsync();

        var read = await consumer.TryReadAsync(10, CancellationToken.None);

        Assert.Equal(early, Assert.Single(read).Id);
        Assert.Equal("early", read[0].Field("job"));
        Assert.Equal(StreamMessageSource.New, read[0].Source);
    }

    [Fact]
    public async Task After_a_restart_a_consumer_reads_its_own_pending_entries_before_new_ones()
    {
        var before = _stream.Consumer("scanner-1");
        await before.EnsureGroupAsync();
        var first = await _stream.AddAsync("one");
        var second = await _stream.AddAsync("two");
        Assert.Equal(2, (await before.TryReadAsync(10, CancellationToken.None)).Count);
        var third = await _stream.AddAsync("three");

        // The same instance after a restart: a new object with the same consumer name.
        var after = _stream.Consumer("scanner-1");
        var resumed = await after.TryReadAsync(10, CancellationToken.None);
        var fresh = await after.TryReadAsync(10, CancellationToken.None);

        Assert.Equal([first, second], resumed.Select(message => message.Id));
        Assert.All(resumed, message => Assert.Equal(StreamMessageSource.Pending, message.Source));
        Assert.All(resumed, message => Assert.Equal(2, message.DeliveryCount));
        Assert.Equal(third, Assert.Single(fresh).Id);
        Assert.Equal(StreamMessageSource.New, fresh[0].Source);
    }

    [Fact]
    public async Task Revisiting_returns_unacknowledged_entries_again()
    {
        var consumer = _stream.Consumer("a");
        await consumer.EnsureGroupAsync();
        var id = await _stream.AddAsync("retry me");
        await consumer.TryReadAsync(1, CancellationToken.None);
        Assert.Empty(await consumer.TryReadAsync(1, CancellationToken.None));

        consumer.RevisitPending();
        var again = await consumer.TryReadAsync(1, CancellationToken.None);

        Assert.Equal(id, Assert.Single(again).Id);
        Assert.Equal(StreamMessageSource.Pending, again[0].Source);
    }

    [Fact]
    public async Task Entries_of_a_dead_consumer_are_claimed_only_once_idle_past_the_claim_time()
    {
        var dead = _stream.Consumer("dead");
        await dead.EnsureGroupAsync();
        var id = await _stream.AddAsync("abandoned");
        Assert.Single(await dead.TryReadAsync(1, CancellationToken.None));

        var patient = _stream.Consumer("patient", claimIdle: TimeSpan.FromHours(1));
        Assert.Empty(await patient.TryReadAsync(1, CancellationToken.None));

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var rescuer = _stream.Consumer("rescuer", claimIdle: TimeSpan.FromMilliseconds(200));
        var claimed = await rescuer.TryReadAsync(1, CancellationToken.None);

        Assert.Equal(id, Assert.Single(claimed).Id);
        Assert.Equal(StreamMessageSource.Claimed, claimed[0].Source);
        Assert.Equal(2, claimed[0].DeliveryCount);
        Assert.Equal("rescuer", Assert.Single(await _stream.PendingAsync()).ConsumerName.ToString());
    }

    [Fact]
    public async Task Acknowledged_entries_leave_the_pending_list_and_are_not_read_again()
    {
        var consumer = _stream.Consumer("a");
        await consumer.EnsureGroupAsync();
        var id = await _stream.AddAsync("done soon");
        await consumer.TryReadAsync(1, CancellationToken.None);
        Assert.Single(await _stream.PendingAsync());

        Assert.True(await consumer.AcknowledgeAsync(id));

        Assert.Empty(await _stream.PendingAsync());
        consumer.RevisitPending();
        Assert.Empty(await consumer.TryReadAsync(1, CancellationToken.None));
        Assert.False(await consumer.AcknowledgeAsync(id));
    }

    [Fact]
    public async Task A_pending_entry_deleted_from_the_stream_is_dropped()
    {
        var consumer = _stream.Consumer("a");
        await consumer.EnsureGroupAsync();
        var deleted = await _stream.AddAsync("withdrawn");
        var kept = await _stream.AddAsync("kept");
        await consumer.TryReadAsync(2, CancellationToken.None);
        await _redis.GetDatabase().StreamDeleteAsync(_stream.Key, [deleted]);

        consumer.RevisitPending();
        var again = await consumer.TryReadAsync(2, CancellationToken.None);

        Assert.Equal(kept, Assert.Single(again).Id);
        Assert.Equal(kept, Assert.Single(await _stream.PendingAsync()).MessageId.ToString());
    }

    [Fact]
    public async Task Reading_waits_for_the_next_entry()
    {
        var consumer = _stream.Consumer("a");
        await consumer.EnsureGroupAsync();

        var reading = consumer.ReadAsync(1, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(reading.IsCompleted);
        var id = await _stream.AddAsync("late");

        Assert.Equal(id, Assert.Single(await reading.WaitAsync(TimeSpan.FromSeconds(30))).Id);
    }

    [Fact]
    public async Task A_missing_group_is_created_on_first_read()
    {
        var consumer = _stream.Consumer("a");
        var id = await _stream.AddAsync("before anyone listened");

        var read = await consumer.TryReadAsync(1, CancellationToken.None);

        Assert.Equal(id, Assert.Single(read).Id);
    }

    [Fact]
    public async Task A_reader_waiting_on_an_empty_stream_reads_an_announced_entry_at_once()
    {
        var consumer = _stream.Consumer("scanner-1", pollDelay: NoPoll);
        await consumer.EnsureGroupAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reading = consumer.ReadAsync(1, guard.Token);
        await WaitUntilAsync(() => _stream.HasReadAsync("scanner-1"), guard.Token);

        var added = await _stream.AddAsync("scan me");
        StreamNotices.Publish(_redis, _stream.Key);

        Assert.Equal(added, Assert.Single(await reading).Id);
    }

    [Fact]
    public async Task Readers_sharing_a_consumer_all_wake_and_the_entry_goes_to_one_of_them()
    {
        var consumer = _stream.Consumer("scanner-1", pollDelay: NoPoll);
        await consumer.EnsureGroupAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var lanes = Enumerable.Range(0, 3).Select(_ => consumer.ReadAsync(1, guard.Token)).ToList();
        await WaitUntilAsync(() => _stream.HasReadAsync("scanner-1"), guard.Token);

        var first = await _stream.AddAsync("one");
        StreamNotices.Publish(_redis, _stream.Key);
        var done = await Task.WhenAny(lanes);
        var second = await _stream.AddAsync("two");
        var third = await _stream.AddAsync("three");
        StreamNotices.Publish(_redis, _stream.Key);
        var all = await Task.WhenAll(lanes);

        Assert.Equal(first, Assert.Single(await done).Id);
        Assert.Equal(new[] { first, second, third }, all.SelectMany(read => read).Select(message => message.Id).Order(StringComparer.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
