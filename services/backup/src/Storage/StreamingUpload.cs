using System.Buffers;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ideation.Backup.Storage;

/// <summary>
/// Streams bytes of unknown length (a pg_dump's output) into one S3 object through a single pooled
/// buffer of one part, so that no dump is ever held in memory or written to disk. Nothing becomes
/// visible until <see cref="CompleteAsync"/>: a small stream is stored then with one PutObject, a
/// larger one is a multipart upload that only completion turns into an object. Disposing without
/// completing aborts it, so a failed dump leaves no object, partial or whole.
/// </summary>
public sealed class StreamingUpload : IAsyncDisposable
{
    private readonly IAmazonS3 _client;
    private readonly List<PartETag> _parts = [];
    private readonly int _partSize;
    private byte[]? _buffer;
    private int _filled;
    private string? _uploadId;
    private bool _finished;

    public StreamingUpload(IAmazonS3 client, string bucket, string key, int partSize)
    {
        _client = client;
        _partSize = partSize;
        Bucket = bucket;
        Key = key;
        _buffer = ArrayPool<byte>.Shared.Rent(partSize);
    }

    public string Bucket { get; }

    public string Key { get; }

    /// <summary>Bytes read so far.</summary>
    public long Length { get; private set; }

    /// <summary>Reads <paramref name="source"/> to its end, sending each full part as it fills.</summary>
    public async Task ReadFromAsync(Stream source, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (true)
        {
            var read = await source.ReadAsync(_buffer.AsMemory(_filled, _partSize - _filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            _filled += read;
            Length += read;
            if (_filled == _partSize)
            {
                await SendPartAsync(cancellationToken);
            }
        }
    }

    /// <summary>Stores what was read as the object.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_uploadId is null)
        {
            using var content = new MemoryStream(_buffer!, 0, _filled, writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Key,
                InputStream = content,
                ContentType = "application/octet-stream",
                AutoCloseStream = false,
            }, cancellationToken);
        }
        else
        {
            if (_filled > 0)
            {
                await SendPartAsync(cancellationToken);
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = Key,
                UploadId = _uploadId,
                PartETags = _parts,
            }, cancellationToken);
        }

        Finish();
    }

    /// <summary>Discards the parts sent so far. Safe to call more than once.</summary>
    public async Task AbortAsync()
    {
        if (_finished)
        {
            return;
        }

        var pending = _uploadId;
        Finish();
        if (pending is not null)
        {
            // Not the caller's token: a cancelled backup must still clean up after itself.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = Key,
                UploadId = pending,
            }, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AbortAsync();
        }
        catch (AmazonServiceException)
        {
            // Parts of an upload that could not be aborted never become an object; the bucket's
            // lifecycle rule for incomplete multipart uploads removes them. The failure that got us
            // here is the one worth reporting.
        }
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        _uploadId ??= (await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = Key,
            ContentType = "application/octet-stream",
        }, cancellationToken)).UploadId;

        var partNumber = _parts.Count + 1;
        using var content = new MemoryStream(_buffer!, 0, _filled, writable: false);
        var response = await _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = Key,
            UploadId = _uploadId,
            PartNumber = partNumber,
            PartSize = _filled,
            InputStream = content,
        }, cancellationToken);
        _parts.Add(new PartETag(partNumber, response.ETag));
        _filled = 0;
    }

    private void Finish()
    {
        _finished = true;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
