using System.Buffers;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Api;

public sealed partial class DocumentGrpcService
{
    /// <summary>Bytes per HttpBody message: small enough to stream smoothly, large enough to keep framing overhead low.</summary>
    public const int DownloadChunkBytes = 64 * 1024;

    public override async Task DownloadDocument(DownloadDocumentRequest request, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        var (_, document) = await FindAsync(request.Name, context);
        RequireClean(document);

        var cancellationToken = context.CancellationToken;
        StoredObject? stored;
        try
        {
            stored = await storage.OpenReadAsync(document.Bucket, document.ObjectKey, cancellationToken);
        }
        catch (ObjectStorageException exception)
        {
            throw StorageUnavailable(exception);
        }

        await using var content = stored ?? throw RpcErrors.DataLoss("DOCUMENT_BYTES_MISSING",
            $"The bytes of {request.Name} are missing from storage; upload the document again.");
        if (content.Length != document.SizeBytes)
        {
            // Not the bytes that were scanned: serve nothing rather than something unscanned.
            throw RpcErrors.DataLoss("DOCUMENT_BYTES_CHANGED",
                $"The stored bytes of {request.Name} are not the {document.SizeBytes} bytes that were uploaded and scanned; upload the document again.");
        }

        // Before the first message: the gateway turns these into the HTTP response's headers.
        await context.WriteResponseHeadersAsync(new Metadata
        {
            { "content-disposition", ContentDisposition.Attachment(document.Filename) },
            { "etag", $"\"{document.Sha256}\"" },
        });

        var buffer = ArrayPool<byte>.Shared.Rent(DownloadChunkBytes);
        try
        {
            var first = true;
            while (true)
            {
                var read = await content.Content.ReadAtLeastAsync(buffer.AsMemory(0, DownloadChunkBytes), DownloadChunkBytes, throwOnEndOfStream: false, cancellationToken);
                if (read == 0 && !first)
                {
                    break;
                }

                var message = new HttpBody { Data = ByteString.CopyFrom(buffer, 0, read) };
                if (first)
                {
                    message.ContentType = document.ContentType;
                    first = false;
                }

                await responseStream.WriteAsync(message, cancellationToken);
                if (read < DownloadChunkBytes)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw RpcErrors.Unavailable("STORAGE_UNAVAILABLE", "Document storage stopped answering during the download; retry it.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async Task<DownloadUrl> CreateDownloadUrl(CreateDownloadUrlRequest request, ServerCallContext context)
    {
        var (_, document) = await FindAsync(request.Name, context);
        RequireClean(document);
        try
        {
            var url = await storage.PresignGetAsync(document.Bucket, document.ObjectKey, document.ContentType, ContentDisposition.Attachment(document.Filename));
            return new DownloadUrl { Url = url.Url, ExpireTime = Timestamp.FromDateTimeOffset(url.ExpireTime) };
        }
        catch (ObjectStorageException exception)
        {
            throw StorageUnavailable(exception);
        }
    }

    /// <summary>Only bytes a scan found clean leave the service; a CLEAN document awaiting a rescan still counts.</summary>
    private static void RequireClean(DocumentRecord document)
    {
        if (document.ScanState != ScanState.Clean)
        {
            throw RpcErrors.FailedPrecondition("DOCUMENT_NOT_CLEAN",
                $"The document is {document.ScanState.ContractName()}; only SCAN_STATE_CLEAN documents can be downloaded.");
        }
    }
}
