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

        var signatureTime = parts.Length > 2 && DateTime.TryParseExact(
            parts[2].Replace("  ", " ", StringComparison.Ordinal), "ddd MMM d HH:mm:ss yyyy",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : (DateTime?)null;
        return new ClamdVersion(parts[0]["ClamAV ".Length..], parts.Length > 1 ? parts[1] : "", signatureTime);
    }

    [GeneratedRegex("^stream: (?<name>.+) FOUND$")]
    private static partial Regex FoundPattern();
}

/// <param name="Engine">The engine version, e.g. 1.4.6.</param>
/// <param name="Signatures">The signature database version; empty when only local signatures are loaded.</param>
/// <param name="SignatureTime">When the signature database was built, when known.</param>
public sealed record ClamdVersion(string Engine, string Signatures, DateTime? SignatureTime);
