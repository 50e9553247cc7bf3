using System.Buffers.Binary;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Paging;

namespace Ideation.Documents.Paging;

/// <summary>
/// Where a page of an idea's documents ended: the last document's upload time and id (keyset
/// pagination), bound to that idea, so that a token cannot continue another idea's listing.
/// </summary>
internal readonly record struct DocumentCursor(Guid IdeaId, DateTime CreateTime, Guid DocumentId)
{
    private const int PayloadLength = 16 + sizeof(long) + 16;

    public const string NotIssued =
        "The page token was not issued by this service or was altered; pass next_page_token unchanged, or leave it empty for the first page.";

    public const string OtherIdea =
        "The page token belongs to another idea's listing; repeat that listing's request, or leave it empty to start over.";

    public string ToToken(PageTokenProtector protector)
    {
        var payload = new byte[PayloadLength];
        IdeaId.TryWriteBytes(payload);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), (CreateTime - DateTime.UnixEpoch).Ticks);
        DocumentId.TryWriteBytes(payload.AsSpan(16 + sizeof(long)));
        return protector.Protect(payload);
    }

    /// <summary>Reads a page token of <paramref name="ideaId"/>'s listing; an empty token means the first page.</summary>
    public static DocumentCursor? Read(string token, PageTokenProtector protector, Guid ideaId, string field, FieldViolations violations)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var payload = protector.Unprotect(token, PayloadLength);
        if (payload is null)
        {
            violations.Add(field, NotIssued);
            return null;
        }

        var cursor = new DocumentCursor(
            new Guid(payload.AsSpan(0, 16)),
            DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16))), DateTimeKind.Utc),
            new Guid(payload.AsSpan(16 + sizeof(long))));
        if (cursor.IdeaId != ideaId)
        {
            violations.Add(field, OtherIdea);
            return null;
        }

        return cursor;
    }
}
