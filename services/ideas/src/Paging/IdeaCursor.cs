using System.Buffers.Binary;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Paging;

namespace Ideation.Ideas.Paging;

/// <summary>
/// Where a page of ideas ended: the last row's sort key and id (keyset pagination), bound to the
/// listing's scope. Keyset cursors neither skip nor repeat rows when ideas are added between pages.
/// </summary>
internal readonly record struct IdeaCursor(long SortKey, Guid Id)
{
    private const int PayloadLength = ListingScope.Length + sizeof(long) + 16;

    public static long ToSortKey(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    public static long ToSortKey(float rank) => BitConverter.SingleToInt32Bits(rank);

    public DateTime SortKeyAsTime => DateTime.UnixEpoch.AddTicks(SortKey * TimeSpan.TicksPerMicrosecond);

    public float SortKeyAsRank => BitConverter.Int32BitsToSingle((int)SortKey);

    public string ToToken(PageTokenProtector protector, byte[] scope)
    {
        var payload = new byte[PayloadLength];
        scope.CopyTo(payload, 0);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(ListingScope.Length), SortKey);
        Id.TryWriteBytes(payload.AsSpan(ListingScope.Length + sizeof(long)));
        return protector.Protect(payload);
    }

    /// <summary>Reads a page token of the listing <paramref name="scope"/>; an empty token means the first page.</summary>
    public static IdeaCursor? Read(string token, PageTokenProtector protector, byte[] scope, string field, FieldViolations violations)
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

        if (!payload.AsSpan(0, ListingScope.Length).SequenceEqual(scope))
        {
            violations.Add(field, PageTokenMessages.OtherListing);
            return null;
        }

        return new IdeaCursor(
            BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(ListingScope.Length)),
            new Guid(payload.AsSpan(ListingScope.Length + sizeof(long))));
    }
}
