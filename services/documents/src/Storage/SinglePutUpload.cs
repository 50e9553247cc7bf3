using System.Buffers;
using System.IO.Pipelines;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ideation.Documents.Storage;

/// <summary>
/// Streams one object of a length known up front into S3 as ONE PutObject of exactly that length,
/// without holding the file: the head (at most one part) is held back for content detection, then
/// the request starts and every later byte flows through a small pipe into its body as it arrives.
/// One PutObject costs an S3 server markedly less than a multipart upload of the same bytes.
/// Writing past the length, or completing short of it, is a caller's bug and throws; aborting cuts
/// the request short, so storage never completes the object (a server that keeps a partial one
/// is why <see cref="ObjectMayExist"/> turns true as soon as the request starts).
/// </summary>
public sealed class SinglePutUpload : IObjectUpload
{
    /// <summary>
    /// Bytes the pipe holds before a write waits for the S3 request to take them: with the head, the
    /// most memory one upload holds.
    /// </summary>
    internal const int PipeBytes = 1024 * 1024;

    private readonly IAmazonS3 client;
    private readonly long length;
    private readonly Pipe pipe = new(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource stopped = new();
    private byte[]? head;
    private int filled;
    private long written;
    private Task? put;
    private bool finished;

    internal SinglePutUpload(IAmazonS3 client, string bucket, string key, long length, int headSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        this.client = client;
        this.length = length;
        Bucket = bucket;
        Key = key;
        HeadSize = (int)Math.Min(headSize, length);
        head = ArrayPool<byte>.Shared.Rent(HeadSize);
    }

    public string Bucket { get; }

    public string Key { get; }

    public string ContentType { get; set; } = "application/octet-stream";

    public int HeadSize { get; }

    public ReadOnlySpan<byte> Buffered => head.AsSpan(0, filled);

    public bool ObjectMayExist { get; private set; }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (written + data.Length > length)
        {
            throw new InvalidOperationException($"Writing {data.Length} more bytes would pass the announced length of {length}.");
        }

        written += data.Length;
        if (put is null)
        {
            var count = Math.Min(HeadSize - filled, data.Length);
            data.Span[..count].CopyTo(head.AsSpan(filled));
            filled += count;
            data = data[count..];
            // As the multipart upload: a full head is sent only once more bytes arrive, so that the
            // caller sees a full head before the Content-Type is read.
            if (data.Length == 0)
            {
                return;
            }

            await StartAsync(cancellationToken);
        }

        await PushAsync(data, cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (written != length)
        {
            throw new InvalidOperationException($"Completing after {written} bytes of the announced {length}.");
        }

        if (put is null)
        {
            await StartAsync(cancellationToken);
        }

        await pipe.Writer.CompleteAsync();
        await Run("store", () => put!);
        Finish();
    }

    public async Task AbortAsync()
    {
        if (finished)
        {
            return;
        }

        if (put is not null)
        {
            // The request's body fails: the HTTP client abandons it mid-body, and storage does not
            // complete an object shorter than its Content-Length.
            await pipe.Writer.CompleteAsync(new OperationCanceledException("The upload was aborted."));
            await stopped.CancelAsync();
            try
            {
                await put;
            }
            catch (Exception)
            {
                // Expected: the request was cut short on purpose.
            }
        }

        Finish();
    }

    public ValueTask DisposeAsync() => new(AbortAsync());

    /// <summary>Starts the PutObject, reading its body from the pipe, and sends the head into it.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectMayExist = true;
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = Key,
            InputStream = pipe.Reader.AsStream(),
            ContentType = ContentType,
            AutoCloseStream = false,
        };
        request.Headers.ContentLength = length;
        put = Task.Run(() => client.PutObjectAsync(request, stopped.Token), CancellationToken.None)
            // A request that ends early (refused, storage gone) stops reading: writers must not wait on it.
            .ContinueWith(task => { pipe.Reader.Complete(); return task; }, TaskScheduler.Default).Unwrap();
        await PushAsync(head.AsMemory(0, filled), cancellationToken);
        ArrayPool<byte>.Shared.Return(head!);
        head = null;
        filled = 0;
    }

    /// <summary>Into the pipe in slices, each waiting until the request has taken enough of the previous ones.</summary>
    private async Task PushAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var slice = data[..Math.Min(PipeBytes / 2, data.Length)];
            var flush = await pipe.Writer.WriteAsync(slice, cancellationToken);
            data = data[slice.Length..];
            if (flush.IsCompleted)
            {
                // The request stopped reading: its outcome (an error) says why.
                await Run("store", () => put!);
                throw new InvalidOperationException("Storage stopped reading the upload before its end.");
            }
        }
    }

    private Task Run(string operation, Func<Task> call) => ObjectStorage.Run(operation, Bucket, Key, async () =>
    {
        await call();
        return true;
    });

    private void Finish()
    {
        finished = true;
        stopped.Dispose();
        if (head is not null)
        {
            ArrayPool<byte>.Shared.Return(head);
            head = null;
        }
    }
}
