using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ideation.Documents.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Storage;

/// <summary>
/// The object-store operations the service needs, over one S3 client: streamed uploads, reads,
/// copies between the documents and quarantine buckets, deletes, presigned downloads and a
/// readiness probe. Every SDK or network failure surfaces as <see cref="ObjectStorageException"/>.
/// </summary>
public sealed class ObjectStorage(
    IAmazonS3 client, [FromKeyedServices(ObjectStorage.StreamingClient)] IAmazonS3 streamingClient, IOptions<StorageOptions> options, TimeProvider clock)
{
    /// <summary>The key of the S3 client for streamed PutObjects: no time limit, no retries.</summary>
    public const string StreamingClient = "streaming";

    private readonly StorageOptions settings = options.Value;

    public string Bucket => settings.Bucket;

    public string QuarantineBucket => settings.QuarantineBucket;

    /// <summary>
    /// Starts a streamed upload; nothing is sent until the first part is full or the upload completes.
    /// With <paramref name="length"/> known, one PutObject of that length; without, a multipart upload
    /// beyond the first part. Either way one upload holds at most about one part in memory.
    /// </summary>
    public IObjectUpload BeginUpload(string bucket, string key, long? length = null) => length is { } known
        ? new SinglePutUpload(streamingClient, bucket, key, known, settings.PartSizeBytes)
        : new ObjectUpload(client, bucket, key, settings.PartSizeBytes);

    /// <summary>Opens an object for reading, or returns null when it does not exist.</summary>
    public async Task<StoredObject?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Run("read", bucket, key, () => client.GetObjectAsync(bucket, key, cancellationToken));
            return new StoredObject(response.ResponseStream, response.ContentLength, response);
        }
        catch (ObjectStorageException exception) when (exception.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    public Task CopyAsync(string sourceBucket, string key, string targetBucket, CancellationToken cancellationToken) =>
        Run("copy", sourceBucket, key, () => client.CopyObjectAsync(sourceBucket, key, targetBucket, key, cancellationToken));

    /// <summary>Deletes an object; deleting one that is already gone succeeds.</summary>
    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Run("delete", bucket, key, () => client.DeleteObjectAsync(bucket, key, cancellationToken));

    /// <summary>
    /// A GET URL valid for the configured lifetime, whose response carries the given Content-Type and
    /// Content-Disposition whatever metadata the object has. Signing is local: no request is sent.
    /// </summary>
    public async Task<PresignedUrl> PresignGetAsync(string bucket, string key, string contentType, string contentDisposition)
    {
        var expireTime = clock.GetUtcNow().Add(settings.PresignedUrlLifetime);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expireTime.UtcDateTime,
            // The SDK writes https:// unless told otherwise; a plain-HTTP endpoint (local S3 server) needs http://.
            Protocol = settings.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
            ResponseHeaderOverrides = { ContentType = contentType, ContentDisposition = contentDisposition },
        };
        var url = await Run("presign", bucket, key, () => client.GetPreSignedURLAsync(request));
        return new PresignedUrl(url, expireTime);
    }

    /// <summary>Readiness: the documents bucket exists and these credentials reach it.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        await Run("probe", Bucket, "", () => client.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket }, cancellationToken));
        return true;
    }

    /// <summary>Creates the documents and quarantine buckets when missing (development and tests only).</summary>
    public async Task<IReadOnlyList<string>> EnsureBucketsAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var bucket in new[] { Bucket, QuarantineBucket })
        {
            try
            {
                await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                await Run("create bucket", bucket, "", () => client.PutBucketAsync(bucket, cancellationToken));
                created.Add(bucket);
            }
        }

        return created;
    }

    internal static async Task<T> Run<T>(string operation, string bucket, string key, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
            // A storage server that accepts connections but never answers: the HTTP client's timeout,
            // not the caller's cancellation (which carries no TimeoutException).
            or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new ObjectStorageException(operation, bucket, key, exception);
        }
    }
}
