using System.Security.Cryptography;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>
/// The test service behind both transcoders. Stateless: every answer is computed from the request,
/// so the reference host and the gateway's backend answer the same request the same way, in any order.
/// </summary>
public sealed class TestService : TranscodingTestService.TranscodingTestServiceBase
{
    public const string ErrorDomain = "testing.ideation.example.com";

    private static readonly Timestamp PublishTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2020, 1, 2, 3, 4, 5, 123, TimeSpan.Zero));

    public override Task<AllTypes> Echo(AllTypes request, ServerCallContext context) => Task.FromResult(request);

    public override Task<AllTypes> EchoNested(AllTypes request, ServerCallContext context) => Task.FromResult(request);

    public override Task<EchoWithBodyFieldRequest> EchoWithBodyField(EchoWithBodyFieldRequest request, ServerCallContext context) =>
        Task.FromResult(request);

    public override Task<EchoRepeatedBodyRequest> EchoRepeatedBody(EchoRepeatedBodyRequest request, ServerCallContext context) =>
        Task.FromResult(request);

    public override Task<Shelf> GetShelf(GetShelfRequest request, ServerCallContext context) =>
        request.Name == "shelves/missing"
            ? throw Error(StatusCode.NotFound, $"Shelf '{request.Name}' was not found.", "SHELF_NOT_FOUND", rich: true)
            : Task.FromResult(new Shelf { Name = request.Name, Theme = $"Theme of {request.Name}{RequestId(context)}" });

    public override Task<Book> GetBook(GetBookRequest request, ServerCallContext context)
    {
        var book = BookNamed(request.Name);
        if (request.ReadMask is { Paths.Count: > 0 } mask)
        {
            var masked = new Book();
            mask.Merge(book, masked);
            book = masked;
        }

        return Task.FromResult(book);
    }

    public override Task<Book> CreateBook(CreateBookRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Book?.Title))
        {
            throw Error(StatusCode.InvalidArgument, "A book needs a title.", "TITLE_MISSING", rich: true);
        }

        var book = request.Book.Clone();
        book.Name = $"{request.Parent}/books/{(request.BookId.Length > 0 ? request.BookId : "generated")}";
        return Task.FromResult(book);
    }

    public override Task<Book> UpdateBook(UpdateBookRequest request, ServerCallContext context)
    {
        var book = BookNamed(request.Book?.Name ?? "");
        var mask = request.UpdateMask ?? new FieldMask();
        if (request.Book is not null)
        {
            (mask.Paths.Count > 0 ? mask : FieldMask.FromFieldNumbers<Book>(Book.TitleFieldNumber, Book.AuthorFieldNumber)).Merge(request.Book, book);
        }

        return Task.FromResult(book);
    }

    public override Task<Empty> DeleteBook(DeleteBookRequest request, ServerCallContext context) => request switch
    {
        { Etag: "stale" } => throw Error(StatusCode.Aborted, "The book changed since it was read.", "STALE_ETAG", rich: true),
        _ when request.Name.EndsWith("/missing", StringComparison.Ordinal) => throw Error(StatusCode.NotFound, "No such book.", "BOOK_NOT_FOUND", rich: false),
        _ => Task.FromResult(new Empty()),
    };

    public override Task<Book> ArchiveBook(ArchiveBookRequest request, ServerCallContext context)
    {
        var book = BookNamed(request.Name);
        book.Archived = true;
        book.Title = $"{book.Title} (archived: {request.Reason})";
        return Task.FromResult(book);
    }

    public override async Task StreamBooks(StreamBooksRequest request, IServerStreamWriter<Book> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.Count; i++)
        {
            await responseStream.WriteAsync(BookNamed($"{request.Parent}/books/{i}"));
        }

        if (request.FailWith != Code.Ok)
        {
            throw Error((StatusCode)request.FailWith, $"The stream failed after {request.Count} books.", "STREAM_FAILED", rich: true);
        }
    }

    public override Task<HttpBody> UploadCover(UploadCoverRequest request, ServerCallContext context) =>
        Task.FromResult(new HttpBody { ContentType = request.Cover?.ContentType ?? "", Data = request.Cover?.Data ?? ByteString.Empty });

    /// <summary>The headers DownloadCover sends with its pieces: four a download carries, one for the gateway only.</summary>
    public static Metadata DownloadHeaders => new()
    {
        { "content-disposition", "attachment; filename=\"cover.png\"" },
        { "etag", "\"cover-v1\"" },
        { "cache-control", "private, max-age=60" },
        { "last-modified", "Thu, 02 Jan 2020 03:04:05 GMT" },
        { "x-backend-node", "node-7" },
    };

    /// <summary>The bytes of DownloadCover's piece <paramref name="index"/> (from 1).</summary>
    public static byte[] CoverPiece(int index) => [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)index, 0x0A, 0x00, 0xFF];

    public override async Task DownloadCover(DownloadCoverRequest request, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        if (request.SendHeaders)
        {
            await context.WriteResponseHeadersAsync(DownloadHeaders);
        }

        for (var i = 1; i <= request.Chunks; i++)
        {
            await responseStream.WriteAsync(new HttpBody
            {
                ContentType = i == 1 ? "image/png" : "text/html",
                Data = ByteString.CopyFrom(CoverPiece(i)),
            });
        }

        if (request.FailWith != Code.Ok)
        {
            throw Error((StatusCode)request.FailWith, $"The download failed after {request.Chunks} pieces.", "DOWNLOAD_FAILED", rich: true);
        }
    }

    public override async Task<UploadSummary> Upload(IAsyncStreamReader<UploadRequest> requestStream, ServerCallContext context)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var summary = new UploadSummary { LaterMessagesOnlyData = true, AnnouncedLength = context.RequestHeaders.GetValue("x-upload-length") ?? "" };
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var data = message.Chunk?.Data ?? ByteString.Empty;
            if (summary.Head is null)
            {
                summary.Head = message.Clone();
                summary.Head.Chunk ??= new HttpBody();
                summary.Head.Chunk.Data = ByteString.Empty;
            }
            else if (!message.Equals(new UploadRequest { Chunk = new HttpBody { Data = data } }) || data.IsEmpty)
            {
                summary.LaterMessagesOnlyData = false;
            }

            summary.Messages++;
            summary.TotalBytes += data.Length;
            summary.LargestChunk = Math.Max(summary.LargestChunk, data.Length);
            sha256.AppendData(data.Span);
            if (summary.Head.RejectAfterBytes > 0 && summary.TotalBytes >= summary.Head.RejectAfterBytes)
            {
                throw Error(StatusCode.ResourceExhausted, $"The upload exceeds {summary.Head.RejectAfterBytes} bytes.", "UPLOAD_TOO_LARGE", rich: true);
            }
        }

        summary.Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        return summary;
    }

    public override Task<Empty> Fail(FailRequest request, ServerCallContext context) =>
        request.Code == Code.Ok
            ? Task.FromResult(new Empty())
            : throw Error((StatusCode)request.Code, request.Message, $"FAILED_{request.Code.ToString().ToUpperInvariant()}", request.Rich);

    public override Task<Empty> Unexposed(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    /// <summary>The x-request-id the call carried, so that a row can see it arrive.</summary>
    private static string RequestId(ServerCallContext context) =>
        context.RequestHeaders.GetValue("x-request-id") is { } id ? $" (request {id})" : "";

    private static Book BookNamed(string name) => new()
    {
        Name = name,
        Title = $"Title of {name}",
        Author = "Ada",
        Pages = 321,
        PublishTime = PublishTime,
        PriceCents = 1234567890123,
        CoverColor = Color.Red,
    };

    /// <summary>An RpcException; a rich one carries a google.rpc.Status with ErrorInfo and BadRequest details.</summary>
    private static RpcException Error(StatusCode code, string message, string reason, bool rich)
    {
        if (!rich)
        {
            return new RpcException(new Grpc.Core.Status(code, message));
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = ErrorDomain, Metadata = { ["code"] = code.ToString() } }));
        status.Details.Add(Any.Pack(new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = "message", Description = "Chosen by the test." } },
        }));
        return status.ToRpcException();
    }
}
