namespace Ideation.Documents.Pipeline;

/// <summary>The scan pipeline's log lines, source-generated. Event ids from 100 (the API keeps 1-99).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(100, LogLevel.Information, "Scan of document {DocumentId} generation {Generation} claimed by {Scanner} (attempt {Attempt}) until {LeaseExpireTime:o}")]
    public static partial void ScanClaimed(this ILogger logger, Guid documentId, long generation, string scanner, int attempt, DateTime leaseExpireTime);

    [LoggerMessage(101, LogLevel.Warning, "Scan of document {DocumentId} generation {Generation} given up after {Claims} claims without a verdict ({Deferrals} of them deferred for an outage): recorded FAILED")]
    public static partial void ScanGivenUp(this ILogger logger, Guid documentId, long generation, int claims, int deferrals);

    [LoggerMessage(102, LogLevel.Information, "Document {DocumentId} generation {Generation}: verdict {Verdict}")]
    public static partial void VerdictRecorded(this ILogger logger, Guid documentId, long generation, string verdict);

    [LoggerMessage(103, LogLevel.Warning, "Document {DocumentId} of idea {IdeaId} is INFECTED with {Threat}: moved to quarantine")]
    public static partial void DocumentInfected(this ILogger logger, Guid documentId, Guid ideaId, string threat);

    [LoggerMessage(104, LogLevel.Warning, "Document {DocumentId} generation {Generation}: CLEAN covered {ScannedBytes} of {SizeBytes} bytes, recorded UNSCANNABLE")]
    public static partial void PartialScan(this ILogger logger, Guid documentId, long generation, long scannedBytes, long sizeBytes);

    [LoggerMessage(105, LogLevel.Information, "Document {DocumentId} generation {Generation}: {Verdict} verdict ignored, the scan is done or superseded")]
    public static partial void VerdictIgnored(this ILogger logger, Guid documentId, long generation, string verdict);

    [LoggerMessage(106, LogLevel.Warning, "Could not copy document {DocumentId} to quarantine")]
    public static partial void QuarantineCopyFailed(this ILogger logger, Exception exception, Guid documentId);

    [LoggerMessage(107, LogLevel.Information, "Scan of document {DocumentId} generation {Generation} deferred by {Scanner} (claim {Attempt}, deferral {Deferrals}): {Dependency} out of reach: {Detail}")]
    public static partial void ScanDeferred(this ILogger logger, Guid documentId, long generation, string scanner, int attempt, int deferrals, string dependency, string detail);

    [LoggerMessage(108, LogLevel.Information, "Deferral of document {DocumentId} generation {Generation} claim {Attempt} by {Scanner} ignored: not the holder's latest claim, or the scan is decided")]
    public static partial void DeferralIgnored(this ILogger logger, Guid documentId, long generation, string scanner, int attempt);

    [LoggerMessage(110, LogLevel.Debug, "Published {Count} scan job(s) to {Stream}")]
    public static partial void JobsPublished(this ILogger logger, int count, string stream);

    [LoggerMessage(111, LogLevel.Information, "Queued {Count} scan(s) again: lease expired or job lost")]
    public static partial void ScansRequeued(this ILogger logger, int count);

    [LoggerMessage(112, LogLevel.Information, "Quarantine retention over for {Count} document(s): their objects are queued for deletion")]
    public static partial void QuarantinesPurged(this ILogger logger, int count);

    [LoggerMessage(113, LogLevel.Debug, "Deleted {Deleted} object(s); {Kept} cleanup(s) skipped because a document holds the object")]
    public static partial void ObjectsSwept(this ILogger logger, int deleted, int kept);

    [LoggerMessage(114, LogLevel.Warning, "Could not delete {Bucket}/{ObjectKey}; the sweeper will try again")]
    public static partial void ObjectDeleteFailed(this ILogger logger, Exception exception, string bucket, string objectKey);
}
