using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ideation.Gateway.Transcoding.Json;

/// <summary>Writes messages and statuses as JSON responses.</summary>
internal static class JsonResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    private const byte Newline = (byte)'\n';

    /// <summary>
    /// Writes one JSON document and flushes. For a unary response (<paramref name="streamed"/> false)
    /// it also sets Content-Length; a streamed message is followed by a newline.
    /// </summary>
    public static ValueTask<FlushResult> WriteAsync(HttpResponse response, JsonFormatter formatter, IMessage message, bool streamed)
    {
        var writer = Utf8BufferTextWriter.Rent();
        formatter.Format(message, writer);
        return WriteBufferedAsync(response, writer, streamed);
    }

    /// <summary>Like <see cref="WriteAsync"/>, for a value that need not be a message (a <c>response_body</c> field).</summary>
    public static ValueTask<FlushResult> WriteValueAsync(HttpResponse response, JsonFormatter formatter, object value, bool streamed)
    {
        var writer = Utf8BufferTextWriter.Rent();
        formatter.WriteValue(writer, value);
        return WriteBufferedAsync(response, writer, streamed);
    }

    /// <summary>
    /// Writes a <c>google.rpc.Status</c>. Details whose type the registry does not know are left out:
    /// they cannot be printed as JSON, and failing the whole error over them would hide the error.
    /// </summary>
    public static ValueTask<FlushResult> WriteStatusAsync(HttpResponse response, ProtoJson json, Google.Rpc.Status status, bool streamed)
    {
        if (status.Details.Any(detail => json.Registry.Find(Any.GetTypeName(detail.TypeUrl)) is null))
        {
            var printable = status.Clone();
            printable.Details.Clear();
            printable.Details.AddRange(status.Details.Where(detail => json.Registry.Find(Any.GetTypeName(detail.TypeUrl)) is not null));
            status = printable;
        }

        return WriteAsync(response, json.Formatter, status, streamed);
    }

    private static ValueTask<FlushResult> WriteBufferedAsync(HttpResponse response, Utf8BufferTextWriter writer, bool streamed)
    {
        writer.Flush();
        if (streamed)
        {
            writer.WriteByte(Newline);
        }
        else if (!response.HasStarted)
        {
            response.ContentLength = writer.WrittenSpan.Length;
        }

        // Copied into the response pipe synchronously, so the thread's buffer is free before any await.
        var body = response.BodyWriter;
        body.Write(writer.WrittenSpan);
        return body.FlushAsync(response.HttpContext.RequestAborted);
    }
}
