using System.Globalization;
using Ideation.Scanner.Jobs;
using StackExchange.Redis;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>The producer's and an observer's view of a job stream of the test's own: documents' side of the queue.</summary>
public sealed class JobQueue(IConnectionMultiplexer redis, string stream, string group) : IAsyncDisposable
{
    public string Stream => stream;
    public string Group => group;
    public IConnectionMultiplexer Redis => redis;

    private IDatabase Database => redis.GetDatabase();

    public static async Task<JobQueue> ConnectAsync(string endpoint, string group)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        return new JobQueue(await ConnectionMultiplexer.ConnectAsync(options), $"scan-jobs-{Guid.NewGuid():N}", group);
    }

    /// <summary>Publishes a job as documents does and returns its entry id.</summary>
    public async Task<string> PublishAsync(string document, long generation = 1) =>
        (await Database.StreamAddAsync(stream,
        [
            new NameValueEntry(ScanJob.DocumentField, document),
            new NameValueEntry(ScanJob.GenerationField, generation.ToString(CultureInfo.InvariantCulture)),
        ])).ToString();

    public async Task<string> PublishRawAsync(params NameValueEntry[] fields) => (await Database.StreamAddAsync(stream, fields)).ToString();

    /// <summary>The pending entry with this id (delivered, not acknowledged), if any.</summary>
    public async Task<StreamPendingMessageInfo?> PendingAsync(string entryId)
    {
        var pending = await Database.StreamPendingMessagesAsync(stream, group, 1, RedisValue.Null, entryId, entryId);
        return pending.Length > 0 ? pending[0] : null;
    }

    /// <summary>Entries not acknowledged yet: delivered and pending, or never delivered.</summary>
    public async Task<long> UnacknowledgedAsync()
    {
        var length = await Database.StreamLengthAsync(stream);
        var groups = await Database.StreamGroupInfoAsync(stream);
        if (groups.FirstOrDefault(g => g.Name == group) is not { Name: not null } info)
        {
            return length;
        }

        return info.PendingMessageCount + (info.Lag ?? length);
    }

    /// <summary>Whether the entry was delivered and then acknowledged.</summary>
    public async Task<bool> IsAcknowledgedAsync(string entryId)
    {
        var groups = await Database.StreamGroupInfoAsync(stream);
        var info = groups.FirstOrDefault(g => g.Name == group);
        return info.Name is not null
            && CompareIds(info.LastDeliveredId!, entryId) >= 0
            && await PendingAsync(entryId) is null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Database.KeyDeleteAsync(stream);
        }
        catch (RedisConnectionException)
        {
            // A test's own Redis, already stopped.
        }

        await redis.DisposeAsync();
    }

    private static int CompareIds(string left, string right)
    {
        static (long, long) Parse(string id) => id.Split('-') is [var ms, var seq]
            ? (long.Parse(ms, CultureInfo.InvariantCulture), long.Parse(seq, CultureInfo.InvariantCulture))
            : throw new FormatException(id);
        return Parse(left).CompareTo(Parse(right));
    }
}
