namespace Ideation.Scanner.Clamd;

public enum ScanOutcome
{
    /// <summary>clamd scanned everything and found nothing.</summary>
    Clean,

    /// <summary>clamd found a signature: <see cref="ScanVerdict.ThreatName"/> names it.</summary>
    Infected,

    /// <summary>
    /// clamd could not look at everything (a limit, encryption, the stream cap, a timeout): the
    /// content is neither clean nor known to be infected.
    /// </summary>
    Unscannable,
}

/// <param name="Detail">The threat name for Infected, the reason for Unscannable, empty for Clean.</param>
public sealed record ScanVerdict(ScanOutcome Outcome, string Detail)
{
    public static readonly ScanVerdict Clean = new(ScanOutcome.Clean, "");

    public string? ThreatName => Outcome == ScanOutcome.Infected ? Detail : null;
}
