using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ideation.Documents.Storage;

/// <summary>
/// Streams one object of unknown length into S3 through a single pooled buffer of one part: the whole
/// file is never in memory. A file that fits in one part is stored with one PutObject; a larger one
/// becomes a multipart upload of fixed-size parts (which costs the S3 server more than one PutObject:
/// when the length is known up front, <see cref="SinglePutUpload"/> is used instead).
/// </summary>
public sealed class ObjectUpload : IObjectUpload
{
    private readonly IAmazonS3 client;
    private readonly int partSize;
    private readonly List<PartETag> parts = [];
    private byte[]? buffer;
    private int filled;
    private string? uploadId;
    private bool finished;

    internal ObjectUpload(IAmazonS3 client, string bucket, string key, int partSize)
    {
        this.client = client;
        this.partSize = partSize;
        Bucket = bucket;
        Key = key;
        buffer = ArrayPool<byte>.Shared.Rent(partSize);
    }

    public string Bucket { get; }

    public string Key { get; }

    public string ContentType { get; set; } = "application/octet-stream";

    public ReadOnlySpan<byte> Buffered => buffer.AsSpan(0, filled);

    /// <summary>The first part.</summary>
    public int HeadSize => partSize;

    /// <summary>Set once <see cref="CompleteAsync"/> has sent its final request (parts alone are no object).</summary>
    public bool ObjectMayExist { get; private set; }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        while (data.Length > 0)
        {
            // A full buffer is sent only once more bytes arrive, so that a file of exactly one part
            // is still a single PutObject.
            if (filled == partSize)
            {
                await SendPartAsync(cancellationToken);
            }

            var count = Math.Min(partSize - filled, data.Length);
            data.Span[..count].CopyTo(buffer.AsSpan(filled));
            filled += count;
            data = data[count..];
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (uploadId is null)
        {
            ObjectMayExist = true;
            using var content = new MemoryStream(buffer!, 0, filled, writable: false);
            await Run("store", () => client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Key,
                InputStream = content,
                ContentType = ContentType,
                AutoCloseStream = false,
            }, cancellationToken));
        }
        else
        {
            if (filled > 0)
            {
                await SendPartAsync(cancellationToken);
            }

            ObjectMayExist = true;
            await Run("complete the upload of", () => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = Key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken));
        }

        Finish();
    }

    public async Task AbortAsync()
    {
        if (finished)
        {
            return;
        }

        var pending = uploadId;
        Finish();
        if (pending is not null)
        {
            // Not the caller's token: an upload cancelled by its client must still be cleaned up.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Run("abort the upload of", () => client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = Key,
                UploadId = pending,
            }, timeout.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AbortAsync();
        }
        catch (ObjectStorageException)
        {
            // Parts of an upload that could not be aborted are not an object, so no delete can reach
            // them: the bucket's lifecycle rule for incomplete multipart uploads removes them.
        }
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        if (uploadId is null)
        {
            var initiated = await Run("start a multipart upload of", () => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = Key,
                ContentType = ContentType,
            }, cancellationToken));
            uploadId = initiated.UploadId;
        }

        var partNumber = parts.Count + 1;
        using var content = new MemoryStream(buffer!, 0, filled, writable: false);
        var response = await Run("upload a part of", () => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = Key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = filled,
            InputStream = content,
        }, cancellationToken));
        parts.Add(new PartETag(partNumber, response.ETag));
        filled = 0;
    }

    private Task<T> Run<T>(string operation, Func<Task<T>> call) => ObjectStorage.Run(operation, Bucket, Key, call);

    private void Finish()
    {
        finished = true;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
