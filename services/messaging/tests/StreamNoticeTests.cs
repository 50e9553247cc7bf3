using Ideation.Testing;
using StackExchange.Redis;

namespace Ideation.Messaging.Tests;

/// <summary>An idle reader wakes on a producer's notice of new entries (real Redis, pub/sub), not at its next poll.</summary>
public sealed class StreamNoticeTests : IAsyncLifetime
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
