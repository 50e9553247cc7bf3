using System.Text;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Validation;

/// <summary>
/// Checks an uploaded file's name and cleans it for display. The name is only ever shown and sent
/// back in Content-Disposition, never used as a path or key, but a name that looks like a path, hides
/// characters, or reorders its own text on screen misleads whoever downloads the file, so it is refused.
/// </summary>
internal static class Filenames
{
    public const int MaxUtf8Bytes = 255;

    /// <summary>Returns the cleaned name (trimmed), or null after recording why the name is refused.</summary>
    public static string? Clean(string name, string field, FieldViolations violations)
    {
        var problem = Problem(name, out var cleaned);
        if (problem is null)
        {
            return cleaned;
        }

        violations.Add(field, problem);
        return null;
    }

    /// <summary>Why <paramref name="name"/> is refused, or null with the cleaned name.</summary>
    public static string? Problem(string name, out string cleaned)
    {
        cleaned = name.Trim();
        if (cleaned.Length == 0)
        {
            return "Give the file's name, for example report.pdf.";
        }

        if (cleaned.Contains('/') || cleaned.Contains('\\'))
        {
            return "Give the file's name alone, without a folder: '/' and '\\' are not allowed.";
        }

        if (cleaned is "." or "..")
        {
            return "'.' and '..' name folders, not files; give the file's name.";
        }

        foreach (var rune in cleaned.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return $"The name contains the control character U+{rune.Value:X4}; remove it.";
            }

            if (IsBidirectionalControl(rune))
            {
                return $"The name contains U+{rune.Value:X4}, which reorders text on screen and can disguise a file's type; remove it.";
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(cleaned);
        return bytes > MaxUtf8Bytes
            ? $"The name is {bytes} bytes long in UTF-8; shorten it to at most {MaxUtf8Bytes}."
            : null;
    }

    /// <summary>Embeddings, overrides and isolates: "invoice\u202Efdp.exe" displays as "invoiceexe.pdf".</summary>
    private static bool IsBidirectionalControl(Rune rune) =>
        rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C;
}
