using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Ideation.Backup.Storage;

/// <summary>
/// Copies every object under one prefix to another bucket and prefix, skipping objects the target
/// already holds with the same bytes. Used both ways: a source bucket into the backup bucket
/// (sync-objects) and back (restore-objects). It never deletes: an object deleted at the source
/// stays in the backup, which is what protects against a deletion by mistake.
/// </summary>
public sealed class BucketCopy(IAmazonS3 sourceClient, IAmazonS3 targetClient, int concurrency, ILogger logger)
{
    /// <summary>One client for both sides: copies happen inside the object store, without a byte through this process.</summary>
    private bool SameStore => ReferenceEquals(sourceClient, targetClient);

    public async Task<BucketCopyResult> CopyAsync(string sourceBucket, string sourcePrefix, string targetBucket, string targetPrefix, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        await foreach (var entry in targetClient.ListAsync(targetBucket, targetPrefix, cancellationToken))
        {
            existing[entry.Key[targetPrefix.Length..]] = entry;
        }

        var result = new BucketCopyResult();
        await Parallel.ForEachAsync(
            sourceClient.ListAsync(sourceBucket, sourcePrefix, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (source, token) =>
            {
                var relativeKey = source.Key[sourcePrefix.Length..];
                var targetKey = targetPrefix + relativeKey;
                try
                {
                    if (existing.TryGetValue(relativeKey, out var target) && await SameBytesAsync(sourceBucket, source, targetBucket, target, token))
                    {
                        result.Skipped();
                        return;
                    }

                    await CopyObjectAsync(sourceBucket, source, targetBucket, targetKey, token);
                    result.Copied(source.Size);
                }
                catch (AmazonServiceException exception) when (!token.IsCancellationRequested)
                {
                    BackupLog.ObjectCopyFailed(logger, sourceBucket, source.Key, targetBucket, targetKey, exception.Message);
                    result.Failed();
                }
            });
        return result;
    }

    /// <summary>
    /// Same size and the same ETag, or one of them is a copy this tool made of the other (it records
    /// the original's ETag): only then does a copy get skipped. Metadata is read only when sizes match
    /// and ETags differ, which the common case (an unchanged object) never needs.
    /// </summary>
    private async Task<bool> SameBytesAsync(string sourceBucket, StoredObject source, string targetBucket, StoredObject target, CancellationToken cancellationToken)
    {
        if (source.Size != target.Size)
        {
            return false;
        }

        if (source.ETag == target.ETag)
        {
            return true;
        }

        var targetCopiedFrom = await CopiedFromAsync(targetClient, targetBucket, target.Key, cancellationToken);
        if (targetCopiedFrom == source.ETag)
        {
            return true;
        }

        return await CopiedFromAsync(sourceClient, sourceBucket, source.Key, cancellationToken) == target.ETag;
    }

    private static async Task<string?> CopiedFromAsync(IAmazonS3 client, string bucket, string key, CancellationToken cancellationToken)
    {
        var head = await client.GetObjectMetadataAsync(bucket, key, cancellationToken);
        return head.Metadata[ETags.CopiedFromMetadata] is { Length: > 0 } value ? value : null;
    }

    private async Task CopyObjectAsync(string sourceBucket, StoredObject source, string targetBucket, string targetKey, CancellationToken cancellationToken)
    {
        if (SameStore)
        {
            // The copy replaces the metadata (to record the original's ETag), so it carries over
            // what the original has: its content headers and user metadata.
            var head = await sourceClient.GetObjectMetadataAsync(sourceBucket, source.Key, cancellationToken);
            var copy = new CopyObjectRequest
            {
                SourceBucket = sourceBucket,
                SourceKey = source.Key,
                DestinationBucket = targetBucket,
                DestinationKey = targetKey,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = head.Headers.ContentType,
            };
            CarryOver(head.Headers, head.Metadata, copy.Headers, copy.Metadata, source.ETag);
            await sourceClient.CopyObjectAsync(copy, cancellationToken);
            return;
        }

        using var original = await sourceClient.GetObjectAsync(sourceBucket, source.Key, cancellationToken);
        var put = new PutObjectRequest
        {
            BucketName = targetBucket,
            Key = targetKey,
            InputStream = original.ResponseStream,
            ContentType = original.Headers.ContentType,
            AutoCloseStream = false,
        };
        put.Headers.ContentLength = original.ContentLength;
        CarryOver(original.Headers, original.Metadata, put.Headers, put.Metadata, ETags.Normalize(original.ETag));
        await targetClient.PutObjectAsync(put, cancellationToken);
    }

    private static void CarryOver(HeadersCollection fromHeaders, MetadataCollection fromMetadata, HeadersCollection toHeaders, MetadataCollection toMetadata, string etag)
    {
        toHeaders.ContentDisposition = fromHeaders.ContentDisposition;
        toHeaders.ContentEncoding = fromHeaders.ContentEncoding;
        toHeaders.CacheControl = fromHeaders.CacheControl;
        foreach (var key in fromMetadata.Keys)
        {
            toMetadata[key] = fromMetadata[key];
        }

        toMetadata[ETags.CopiedFromMetadata] = etag;
    }

    /// <summary>A missing bucket is a configuration mistake worth its own message.</summary>
    public static bool IsMissingBucket(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode == "NoSuchBucket";
}
