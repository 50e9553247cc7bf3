using System.Security.Cryptography;
using System.Text;

namespace Ideation.Ideas.Paging;

/// <summary>
/// A fingerprint of what a listing shows (caller, filters and order). Page tokens carry it, so that a
/// token only continues the listing it came from: with other filters, its cursor would skip or repeat rows.
/// </summary>
internal static class ListingScope
{
    public const int Length = 16;

    public static byte[] Hash(params string[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
            text.Append(part.Length).Append(':').Append(part).Append('|');
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..Length];
    }
}
