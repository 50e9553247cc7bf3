using Amazon.S3;
using Amazon.S3.Model;

namespace Ideation.Backup.Storage;

/// <summary>Every object under a prefix, page after page.</summary>
public static class ObjectListing
{
    public static async IAsyncEnumerable<StoredObject> ListAsync(
        this IAmazonS3 client, string bucket, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var entry in page.S3Objects)
            {
                yield return new StoredObject(entry.Key, entry.Size ?? 0, ETags.Normalize(entry.ETag));
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }
}
