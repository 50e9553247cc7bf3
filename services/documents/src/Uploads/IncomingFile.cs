using System.Security.Cryptography;
using Ideation.Documents.Detection;
using Ideation.Documents.Domain;
using Ideation.Documents.Storage;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Uploads;

/// <summary>
/// One file arriving chunk by chunk: counts and hashes the bytes, detects the content type from the
/// first part before any of it is sent, and passes everything on to the object upload. Refuses as
/// soon as it knows: the limit crossed, a content type not allowed, more or fewer bytes than the
/// client announced (<paramref name="announcedBytes"/>, when it did).
/// </summary>
internal sealed class IncomingFile(IObjectUpload upload, long maxBytes, long? announcedBytes, IReadOnlySet<string> allowedTypes, bool csv) : IDisposable
{
    public const string DataField = "chunk.data";

    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly TextValidator text = new();
    private string? contentType;
    private long size;

    public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (size + data.Length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (size + data.Length > announcedBytes)
        {
            throw LengthMismatch($"The file is longer than the {announcedBytes} bytes announced");
        }

        size += data.Length;
        sha256.AppendData(data.Span);
        text.Append(data.Span);
        if (contentType is null)
        {
            // The first part is still in the buffer: fill it, and decide the type before it is sent.
            var head = data[..Math.Min(upload.HeadSize - upload.Buffered.Length, data.Length)];
            await upload.WriteAsync(head, cancellationToken);
            data = data[head.Length..];
            Decide(headIsFinal: upload.Buffered.Length == upload.HeadSize);
        }

        if (data.Length > 0)
        {
            await upload.WriteAsync(data, cancellationToken);
        }
    }

    /// <summary>The stream ended: final checks, then the object is stored.</summary>
    public async Task<StoredFile> CompleteAsync(CancellationToken cancellationToken)
    {
        if (size == 0)
        {
            throw RpcErrors.InvalidArgument(DataField, "The file is empty; send its bytes in chunk.data.");
        }

        if (size < announcedBytes)
        {
            throw LengthMismatch($"The file ended after {size} of the {announcedBytes} bytes announced");
        }

        if (contentType is null)
        {
            Decide(headIsFinal: true);
        }

        // Text was judged on the first part; the rest of the file must be text as well.
        if (!text.Complete() && ContentTypes.IsText(contentType!))
        {
            contentType = ContentTypes.Unknown;
            RequireAllowed(contentType);
        }

        await upload.CompleteAsync(cancellationToken);
        return new StoredFile(size, Convert.ToHexStringLower(sha256.GetHashAndReset()), contentType!);
    }

    public void Dispose() => sha256.Dispose();

    public static bool IsCsv(string declaredContentType, string filename) =>
        declaredContentType.Split(';')[0].Trim().Equals(ContentTypes.Csv, StringComparison.OrdinalIgnoreCase)
        || filename.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private void Decide(bool headIsFinal)
    {
        contentType = ContentDetector.Detect(upload.Buffered, headIsFinal, text.IsText, csv);
        if (contentType is not null)
        {
            upload.ContentType = contentType;
            RequireAllowed(contentType);
        }
    }

    private void RequireAllowed(string detected)
    {
        if (!allowedTypes.Contains(detected))
        {
            throw RpcErrors.InvalidArgument("CONTENT_TYPE_NOT_ALLOWED",
                $"The file's content is {detected}, which is not accepted here. Accepted: {string.Join(", ", allowedTypes.Order())}.",
                [new Google.Rpc.BadRequest.Types.FieldViolation { Field = DataField, Description = $"Detected content type {detected} is not allowed." }]);
        }
    }

    private static Grpc.Core.RpcException LengthMismatch(string what) =>
        RpcErrors.InvalidArgument(UploadLength.Header, $"{what}; announce the file's exact size, or leave it out.");

    internal static Grpc.Core.RpcException TooLarge(long maxBytes) =>
        RpcErrors.ResourceExhausted("UPLOAD_TOO_LARGE",
            $"The file is larger than the limit of {maxBytes} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MiB); upload a smaller file.");
}
