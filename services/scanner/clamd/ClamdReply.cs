using System.Text.RegularExpressions;

namespace Ideation.Scanner.Clamd;

/// <summary>Reads clamd's answers to INSTREAM and VERSION.</summary>
public static partial class ClamdReply
{
    /// <summary>
    /// Names clamd gives to "could not scan" when AlertExceedsMax and AlertEncrypted are on. They
    /// arrive as FOUND, but mean the content was not (fully) examined, not that it is infected.
    /// </summary>
    private static readonly string[] UnscannablePrefixes = ["Heuristics.Limits.Exceeded", "Heuristics.Encrypted"];

    public static ScanVerdict ParseScan(string reply)
    {
        var text = reply.TrimEnd('\0', '\n', '\r', ' ');
        if (text == "stream: OK")
        {
            return ScanVerdict.Clean;
        }

        if (FoundPattern().Match(text) is { Success: true } found)
        {
            var name = found.Groups["name"].Value;
            return UnscannablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))
                ? new ScanVerdict(ScanOutcome.Unscannable, name)
                : new ScanVerdict(ScanOutcome.Infected, name);
        }

        if (text.Contains("size limit exceeded", StringComparison.OrdinalIgnoreCase))
        {
            return new ScanVerdict(ScanOutcome.Unscannable, "StreamMaxLength exceeded");
        }

        throw new ClamdException($"clamd answered the scan with an error: '{text}'.");
    }

    /// <summary>Parses <c>ClamAV 1.4.6/27000/Tue Nov 25 08:00:00 2026</c>; the database parts are absent without official signatures.</summary>
    public static ClamdVersion ParseVersion(string reply)
    {
        var parts = reply.TrimEnd('\0', '\n', '\r', ' ').Split('/');
        if (!parts[0].StartsWith("ClamAV ", StringComparison.Ordinal))
        {
            throw new ClamdException($"clamd answered VERSION with '{reply}'.");
        }

        var signatureTime = parts.Length > 2 ? ParseSignatureTime(parts[2]) : null;
        return new ClamdVersion(parts[0]["ClamAV ".Length..], parts.Length > 1 ? parts[1] : "", signatureTime);
    }

    /// <summary>
    /// Reads <c>Tue Nov 25 08:00:00 2026</c> (ctime's layout, the day padded with a space). The weekday
    /// is skipped: it says nothing the date does not, and a mismatch must not cost the date.
    /// </summary>
    private static DateTime? ParseSignatureTime(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 5 && DateTime.TryParseExact(
            string.Join(' ', words[1..]), "MMM d HH:mm:ss yyyy",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    [GeneratedRegex("^stream: (?<name>.+) FOUND$")]
    private static partial Regex FoundPattern();
}

/// <param name="Engine">The engine version, e.g. 1.4.6.</param>
/// <param name="Signatures">The signature database version; empty when only local signatures are loaded.</param>
/// <param name="SignatureTime">When the signature database was built, when known.</param>
public sealed record ClamdVersion(string Engine, string Signatures, DateTime? SignatureTime);
