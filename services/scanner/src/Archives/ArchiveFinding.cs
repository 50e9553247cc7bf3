namespace Ideation.Scanner.Archives;

/// <summary>
/// Why the scanner cannot vouch for an archive that clamd called clean. <see cref="Name"/> reads like
/// clamd's own heuristic names, so a verdict's detail says at a glance where it came from.
/// </summary>
public sealed record ArchiveFinding(string Name, string Explanation)
{
    /// <summary>ZIP64 sizes or records: ClamAV 1.4 neither unpacks such a member nor alerts.</summary>
    public static ArchiveFinding Zip64(string where, int depth) =>
        new("Ideation.Archive.Zip64", $"ZIP64 {where}{Nesting(depth)}; clamd does not unpack ZIP64 members");

    /// <summary>A member compressed with a method the scanner does not open: what it holds cannot be checked.</summary>
    public static ArchiveFinding UnsupportedMethod(int method, int depth) =>
        new("Ideation.Archive.UnsupportedMethod", $"a member compressed with method {method}{Nesting(depth)}, which the scanner does not unpack");

    /// <summary>The archive goes past a limit of the check, so its structure was not read to the end.</summary>
    public static ArchiveFinding LimitExceeded(string limit) =>
        new("Ideation.Archive.LimitExceeded", $"{limit}; the archive structure was not checked to the end");

    /// <summary>The check itself failed on this content: it cannot say the archive is free of ZIP64.</summary>
    public static ArchiveFinding Unreadable(Exception exception) =>
        new("Ideation.Archive.Unreadable", $"the archive structure check failed ({exception.GetType().Name})");

    /// <summary>What the scan records as the UNSCANNABLE verdict's detail.</summary>
    public string Detail => $"{Name}: {Explanation}";

    private static string Nesting(int depth) => depth switch
    {
        0 => "",
        1 => ", inside an archive",
        _ => $", inside {depth} nested archives",
    };
}
