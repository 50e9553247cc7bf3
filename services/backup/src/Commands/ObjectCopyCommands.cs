using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Ideation.Backup.Storage;

namespace Ideation.Backup.Commands;

/// <summary>
/// <c>sync-objects</c> copies each source bucket into the backup bucket's <c>objects/&lt;bucket&gt;/</c>
/// folder; <c>restore-objects [--bucket &lt;bucket&gt;]</c> copies those folders back into their buckets.
/// Both copy only what the other side lacks or holds different, so both can be rerun at any time.
/// </summary>
public sealed class ObjectCopyCommands(BackupRun run)
{
    public const string SyncName = "sync-objects";

    public const string RestoreName = "restore-objects";

    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var succeeded = true;
        foreach (var bucket in SourceBuckets(null))
        {
            succeeded &= await CopyAsync(run.SourceStore, bucket, "", run.BackupStore, run.Options.Bucket, run.Layout.ObjectFolder(bucket), cancellationToken);
        }

        return succeeded;
    }

    public async Task<bool> RestoreAsync(string? onlyBucket, CancellationToken cancellationToken)
    {
        var succeeded = true;
        foreach (var bucket in SourceBuckets(onlyBucket))
        {
            succeeded &= await CopyAsync(run.BackupStore, run.Options.Bucket, run.Layout.ObjectFolder(bucket), run.SourceStore, bucket, "", cancellationToken);
        }

        return succeeded;
    }

    private IReadOnlyList<string> SourceBuckets(string? onlyBucket)
    {
        if (onlyBucket is not null)
        {
            return [onlyBucket];
        }

        if (run.Options.Objects.SourceBuckets.Count == 0)
        {
            throw new BackupException("Backup:Objects:SourceBuckets names no bucket.");
        }

        if (run.Options.Objects.SourceStorage is null && run.Options.Objects.SourceBuckets.Contains(run.Options.Bucket))
        {
            throw new BackupException($"Backup:Bucket ({run.Options.Bucket}) is also a source bucket: a backup must live apart from what it backs up.");
        }

        return run.Options.Objects.SourceBuckets;
    }

    private async Task<bool> CopyAsync(IAmazonS3 sourceClient, string sourceBucket, string sourcePrefix, IAmazonS3 targetClient, string targetBucket, string targetPrefix, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var copy = new BucketCopy(sourceClient, targetClient, run.Options.Objects.Concurrency, run.Logger);
        try
        {
            var result = await copy.CopyAsync(sourceBucket, sourcePrefix, targetBucket, targetPrefix, cancellationToken);
            BackupLog.BucketCopied(run.Logger, sourceBucket, sourcePrefix, targetBucket, targetPrefix,
                result.CopiedCount, result.CopiedBytes, result.SkippedCount, result.FailedCount, watch.Elapsed.TotalSeconds);
            return result.FailedCount == 0;
        }
        catch (AmazonServiceException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = exception is AmazonS3Exception s3 && BucketCopy.IsMissingBucket(s3)
                ? $"a bucket does not exist ({exception.Message})"
                : exception.Message;
            BackupLog.BucketCopyFailed(run.Logger, sourceBucket, sourcePrefix, targetBucket, targetPrefix, reason);
            return false;
        }
    }
}
