using Microsoft.Extensions.Logging;

namespace Ideation.Backup;

/// <summary>
/// Every line the tool logs. Connection strings and credentials never appear: databases are named
/// by their configured name, objects by bucket and key.
/// </summary>
internal static partial class BackupLog
{
    [LoggerMessage(1, LogLevel.Error, "Invalid settings: {Problem}")]
    public static partial void InvalidSettings(ILogger logger, string problem);

    [LoggerMessage(2, LogLevel.Information, "{Command} finished in {Seconds:F1} s")]
    public static partial void CommandFinished(ILogger logger, string command, double seconds);

    [LoggerMessage(3, LogLevel.Error, "{Command} failed after {Seconds:F1} s")]
    public static partial void CommandFailed(ILogger logger, string command, double seconds);

    [LoggerMessage(4, LogLevel.Error, "{Command} failed: {Reason}")]
    public static partial void CommandError(ILogger logger, string command, string reason);

    [LoggerMessage(5, LogLevel.Warning, "{Command} cancelled: what it had not completed was discarded")]
    public static partial void CommandCancelled(ILogger logger, string command);

    [LoggerMessage(10, LogLevel.Information, "Dumped database {Database} to s3://{Bucket}/{Key} ({Bytes} bytes in {Seconds:F1} s)")]
    public static partial void DumpStored(ILogger logger, string database, string bucket, string key, long bytes, double seconds);

    [LoggerMessage(11, LogLevel.Error, "Backup of database {Database} failed: {Reason}")]
    public static partial void DumpFailed(ILogger logger, string database, string reason);

    [LoggerMessage(12, LogLevel.Information, "Deleted dump s3://{Bucket}/{Key} of database {Database}: beyond the newest {Keep}")]
    public static partial void DumpDeleted(ILogger logger, string database, string bucket, string key, int keep);

    [LoggerMessage(13, LogLevel.Warning,
        "Could not abort the multipart upload of s3://{Bucket}/{Key} ({Reason}): no object was stored; the bucket's lifecycle rule for incomplete uploads removes its parts")]
    public static partial void UploadAbortFailed(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(20, LogLevel.Information, "Restoring database {Database} from s3://{Bucket}/{Key}")]
    public static partial void RestoreStarting(ILogger logger, string database, string bucket, string key);

    [LoggerMessage(21, LogLevel.Information, "Created the empty database {DatabaseName} to restore into")]
    public static partial void DatabaseCreated(ILogger logger, string databaseName);

    [LoggerMessage(22, LogLevel.Information, "Restored database {Database} from s3://{Bucket}/{Key} ({Bytes} bytes in {Seconds:F1} s)")]
    public static partial void DumpRestored(ILogger logger, string database, string bucket, string key, long bytes, double seconds);

    [LoggerMessage(30, LogLevel.Information,
        "Copied s3://{SourceBucket}/{SourcePrefix} to s3://{TargetBucket}/{TargetPrefix}: {Copied} copied ({Bytes} bytes), {Skipped} already identical, {Failed} failed, in {Seconds:F1} s")]
    public static partial void BucketCopied(ILogger logger, string sourceBucket, string sourcePrefix, string targetBucket, string targetPrefix,
        long copied, long bytes, long skipped, long failed, double seconds);

    [LoggerMessage(31, LogLevel.Error, "Could not copy s3://{SourceBucket}/{SourceKey} to s3://{TargetBucket}/{TargetKey}: {Reason}")]
    public static partial void ObjectCopyFailed(ILogger logger, string sourceBucket, string sourceKey, string targetBucket, string targetKey, string reason);

    [LoggerMessage(32, LogLevel.Error, "Could not copy s3://{SourceBucket}/{SourcePrefix} to s3://{TargetBucket}/{TargetPrefix}: {Reason}")]
    public static partial void BucketCopyFailed(ILogger logger, string sourceBucket, string sourcePrefix, string targetBucket, string targetPrefix, string reason);
}
