using System.Text;

namespace Ideation.Documents.Api;

/// <summary>
/// <c>Content-Disposition: attachment</c> with the file's name twice (RFC 6266): an ASCII fallback in
/// <c>filename</c> for old clients, the exact name in <c>filename*</c> (RFC 5987, UTF-8, percent-encoded).
/// "attachment" makes browsers save the file rather than render it in the site's origin.
/// </summary>
public static class ContentDisposition
{
    public static string Attachment(string filename) =>
        $"attachment; filename=\"{AsciiFallback(filename)}\"; filename*=UTF-8''{Uri.EscapeDataString(filename)}";

    /// <summary>Printable ASCII only, without the quote and backslash that would end or escape the quoted string.</summary>
    internal static string AsciiFallback(string filename)
    {
        var fallback = new StringBuilder(filename.Length);
        foreach (var rune in filename.EnumerateRunes())
        {
            fallback.Append(rune.Value is >= 0x20 and < 0x7F and not '"' and not '\\' ? (char)rune.Value : '_');
        }

        return fallback.ToString();
    }
}
