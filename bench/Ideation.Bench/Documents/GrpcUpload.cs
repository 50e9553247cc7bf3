using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Bench.Stack;
using Ideation.Contracts.Documents.V1;

namespace Ideation.Bench.Documents;

/// <summary>
/// Native gRPC through the gateway: the client stream of UploadDocument, in 64 KiB messages like the
/// gateway's transcoder sends. A client that knows the file's size announces it (x-upload-length),
/// and documents streams it into one PutObject; one that does not gets the multipart path.
/// </summary>
public sealed class GrpcUpload(GatewayConnections connections, UploadedDocuments uploaded, bool announceLength = true) : IUploadPath
{
    public const int ChunkBytes = 64 * 1024;

    public string Name => announceLength ? "gRPC" : "gRPC, length not announced";

    public bool CreatesDocuments => true;

    public async Task<string> UploadAsync(string idea, byte[] content)
    {
        await using var upload = await SendAllButEndAsync(idea, content);
        return await upload.FinishAsync();
    }

    /// <summary>
    /// Sends every byte but leaves the stream open: documents cannot accept the upload before the
    /// stream ends, so several uploads sent this way are accepted together by <see cref="PendingUpload.FinishAsync"/>.
    /// </summary>
    public async Task<PendingUpload> SendAllButEndAsync(string idea, byte[] content)
    {
        var metadata = connections.Authorization;
        if (announceLength)
        {
            metadata.Add("x-upload-length", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var call = uploaded.Platform.Documents.UploadDocument(metadata);
        try
        {
            for (var offset = 0; offset < content.Length; offset += ChunkBytes)
            {
                var length = Math.Min(ChunkBytes, content.Length - offset);
                // Wrapped, not copied: the bytes stay untouched until the write completes.
                var chunk = new HttpBody { Data = UnsafeByteOperations.UnsafeWrap(content.AsMemory(offset, length)) };
                var message = new UploadDocumentRequest { Chunk = chunk };
                if (offset == 0)
                {
                    message.Parent = idea;
                    message.Filename = "bench.pdf";
                    chunk.ContentType = "application/pdf";
                }

                await call.RequestStream.WriteAsync(message);
            }

            return new PendingUpload(call);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    public Task SettleAsync(IReadOnlyCollection<string> stored) => uploaded.SettleAsync(stored);
}

/// <summary>An upload whose bytes are all sent and whose stream is still open.</summary>
public sealed class PendingUpload(AsyncClientStreamingCall<UploadDocumentRequest, Document> call) : IAsyncDisposable
{
    /// <summary>Ends the stream and returns the accepted document's name.</summary>
    public async Task<string> FinishAsync()
    {
        await call.RequestStream.CompleteAsync();
        return (await call.ResponseAsync).Name;
    }

    public ValueTask DisposeAsync()
    {
        call.Dispose();
        return ValueTask.CompletedTask;
    }
}
