using System.Buffers.Binary;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Paging;

namespace Ideation.Ideas.Paging;

/// <summary>Where a page of an idea's history ended: the last event's sequence, bound to that idea.</summary>
internal readonly record struct EventCursor(Guid IdeaId, long Sequence)
{
    private const int PayloadLength = 16 + sizeof(long);

    public string ToToken(PageTokenProtector protector)
    {
        var payload = new byte[PayloadLength];
        IdeaId.TryWriteBytes(payload);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), Sequence);
        return protector.Protect(payload);
    }

    /// <summary>Reads a page token of <paramref name="ideaId"/>'s history; an empty token means the first page.</summary>
    public static EventCursor? Read(string token, PageTokenProtector protector, Guid ideaId, string field, FieldViolations violations)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var payload = protector.Unprotect(token, PayloadLength);
        if (payload is null)
        {
            violations.Add(field, PageTokenMessages.NotIssued);
            return null;
        }

        var cursor = new EventCursor(new Guid(payload.AsSpan(0, 16)), BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)));
        if (cursor.IdeaId != ideaId)
        {
            violations.Add(field, PageTokenMessages.OtherListing);
            return null;
        }

        return cursor;
    }
}
