using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.Transcoding.Binding;

/// <summary>
/// Streams the raw request body of an upload route into its client stream: the head message (path,
/// query string, content type) with the first chunk, then one message per chunk carrying only data.
/// At most one chunk is held at a time, and each write is awaited, so a slow backend slows the
/// client down instead of filling the gateway's memory.
/// </summary>
/// <remarks>
/// The head keeps its chunk, so the same upload can be sent again to a new call from the start, as
/// long as no later chunk was taken from the body (<see cref="CanSendAgain"/>): a call whose
/// connection was refused took nothing, and the next destination gets the whole body.
/// </remarks>
internal sealed class HttpBodyUpload(HttpContext context, TranscodedRoute route, IMessage head, int chunkSize)
{
    private bool _headHoldsFirstChunk;
    private bool _readPastHead;

    /// <summary>True while every byte taken from the body is still held (in the head): a new call can get the whole upload.</summary>
    public bool CanSendAgain => !_readPastHead;

    /// <summary>True once the whole body was sent and the stream completed.</summary>
    public bool WholeBodySent { get; private set; }

    /// <summary>
    /// Sends the body and completes the stream (<see cref="WholeBodySent"/>). Stops, leaving the rest of
    /// the body unread, when <paramref name="response"/> completes first: the backend answered (often:
    /// refused) before the end, or the call never reached a backend.
    /// </summary>
    public async Task SendAsync(IClientStreamWriter<IMessage> stream, Task response)
    {
        if (_headHoldsFirstChunk && !await WriteAsync(stream, head, response))
        {
            return;
        }

        var reader = context.Request.BodyReader;
        while (!response.IsCompleted)
        {
            if (await ReadUnlessAnsweredAsync(reader, response, context.RequestAborted) is not { } read)
            {
                return;
            }

            var buffer = read.Buffer;
            if (buffer.Length < chunkSize && !read.IsCompleted)
            {
                // Not a whole chunk yet: keep it buffered and wait for more.
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var size = (int)Math.Min(chunkSize, buffer.Length);
            var data = Copy(buffer.Slice(0, size));
            var last = read.IsCompleted && size == buffer.Length;
            reader.AdvanceTo(buffer.GetPosition(size));
            IMessage? message = null;
            if (!_headHoldsFirstChunk)
            {
                RequestBinder.SetUploadData(head, route, data);
                _headHoldsFirstChunk = true;
                message = head;
            }
            else if (size > 0)
            {
                _readPastHead = true;
                message = RequestBinder.UploadChunk(route, data);
            }

            if (message is not null && !await WriteAsync(stream, message, response))
            {
                return;
            }

            if (last)
            {
                WholeBodySent = await CompleteAsync(stream);
                return;
            }
        }
    }

    private Task<bool> WriteAsync(IClientStreamWriter<IMessage> stream, IMessage message, Task response) =>
        UnlessCallEndedAsync(() => WriteUnlessAnsweredAsync(stream.WriteAsync(message), response));

    private Task<bool> CompleteAsync(IClientStreamWriter<IMessage> stream) =>
        UnlessCallEndedAsync(async () =>
        {
            await stream.CompleteAsync();
            return true;
        });

    /// <summary>
    /// False when the call ended first (the backend answered, or never got the call): writing to or
    /// completing an ended call fails, and its response then carries the backend's status.
    /// </summary>
    private async Task<bool> UnlessCallEndedAsync(Func<Task<bool>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// False when the backend answers while the write waits: a backend that stopped reading (it refused
    /// the upload) leaves a write waiting for HTTP/2 flow-control credit, which only the end of its
    /// stream would release; the answer is what matters then, and disposing the call ends the write.
    /// </summary>
    private static async Task<bool> WriteUnlessAnsweredAsync(Task write, Task response)
    {
        if (write.IsCompleted || await Task.WhenAny(write, response) == write)
        {
            await write;
            return true;
        }

        // Observed, so that its failure when the call is disposed is not an unobserved task exception.
        _ = write.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return false;
    }

    /// <summary>The next read of the body, or null when the backend answers while the read waits for the client.</summary>
    private static async ValueTask<ReadResult?> ReadUnlessAnsweredAsync(PipeReader reader, Task response, CancellationToken aborted)
    {
        var pending = reader.ReadAsync(aborted);
        if (pending.IsCompleted)
        {
            return pending.Result;
        }

        var reading = pending.AsTask();
        if (await Task.WhenAny(reading, response) == reading)
        {
            return await reading;
        }

        reader.CancelPendingRead();
        try
        {
            var read = await reading;
            reader.AdvanceTo(read.Buffer.Start);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The client's side of the body no longer matters: the backend has answered.
        }

        return null;
    }

    private static ByteString Copy(ReadOnlySequence<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return ByteString.Empty;
        }

        var bytes = new byte[chunk.Length];
        chunk.CopyTo(bytes);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }
}
