using Ideation.Messaging;
using Microsoft.Extensions.Logging;

namespace Ideation.Scanner.Jobs;

/// <summary>Every log line of the scan job worker, source-generated.</summary>
internal static partial class ScanJobLog
{
    [LoggerMessage(101, LogLevel.Information, "Scan jobs: consumer {Consumer} of group {Group} on stream {Stream}, {Concurrency} at once")]
    public static partial void WorkerStarted(this ILogger logger, string consumer, string group, string stream, int concurrency);

    [LoggerMessage(102, LogLevel.Warning, "Redis is unreachable; retrying: {Error}")]
    public static partial void RedisUnreachable(this ILogger logger, string error);

    [LoggerMessage(103, LogLevel.Warning, "No clamd answers PING ({Endpoints}): claiming no scan until one does")]
    public static partial void ClamdDown(this ILogger logger, string endpoints);

    [LoggerMessage(104, LogLevel.Information, "clamd answers again: scanning resumes")]
    public static partial void ClamdBack(this ILogger logger);

    [LoggerMessage(105, LogLevel.Warning, "Stream entry {EntryId} is not a scan job (needs document and generation): dropped")]
    public static partial void MalformedJob(this ILogger logger, string entryId);

    [LoggerMessage(106, LogLevel.Debug, "Job {EntryId}: {Document} generation {Generation}")]
    public static partial void JobStarted(this ILogger logger, string entryId, string document, long generation);

    [LoggerMessage(113, LogLevel.Information, "Job {EntryId} again: {Document} generation {Generation} ({Source}, delivery {DeliveryCount})")]
    public static partial void JobResumed(this ILogger logger, string entryId, string document, long generation, StreamMessageSource source, long deliveryCount);

    [LoggerMessage(107, LogLevel.Information, "{Document} generation {Generation}: {Verdict} {Detail} ({Bytes} bytes, attempt {Attempt})")]
    public static partial void VerdictRecorded(this ILogger logger, string document, long generation, string verdict, string detail, long bytes, int attempt);

    [LoggerMessage(108, LogLevel.Information, "{Document} generation {Generation}: nothing to scan ({Outcome})")]
    public static partial void JobDropped(this ILogger logger, string document, long generation, string outcome);

    [LoggerMessage(109, LogLevel.Warning, "{Document} generation {Generation}: attempt {Attempt} failed: {Error}")]
    public static partial void AttemptFailed(this ILogger logger, string document, long generation, int attempt, string error);

    [LoggerMessage(110, LogLevel.Warning, "{Document} generation {Generation}: left pending to try again later: {Reason}")]
    public static partial void JobDeferred(this ILogger logger, string document, long generation, string reason);

    [LoggerMessage(111, LogLevel.Error, "Job {EntryId} failed unexpectedly; left pending")]
    public static partial void JobCrashed(this ILogger logger, string entryId, Exception exception);

    [LoggerMessage(114, LogLevel.Warning, "Storage is out of reach ({Error}): claiming no scan until it answers")]
    public static partial void StorageDown(this ILogger logger, string error);

    [LoggerMessage(115, LogLevel.Information, "Storage answers again: scanning resumes")]
    public static partial void StorageBack(this ILogger logger);

    [LoggerMessage(116, LogLevel.Information, "{Document} generation {Generation}: claim {Attempt} given back, {Dependency} out of reach (deferral {Deferrals} of the scan)")]
    public static partial void ClaimDeferred(this ILogger logger, string document, long generation, int attempt, string dependency, int deferrals);

    [LoggerMessage(117, LogLevel.Warning, "{Document} generation {Generation}: could not give claim {Attempt} back ({Error}); its lease will expire")]
    public static partial void DeferFailed(this ILogger logger, string document, long generation, int attempt, string error);

    [LoggerMessage(112, LogLevel.Information, "Stopping: no new scan jobs; waiting for {Count} running")]
    public static partial void Draining(this ILogger logger, int count);
}
