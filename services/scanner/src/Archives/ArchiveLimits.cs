namespace Ideation.Scanner.Archives;

/// <summary>
/// Bounds of the archive structure check, so that hostile content costs a bounded amount of work and
/// memory. Reaching one is a finding (<see cref="ArchiveFinding.LimitExceeded"/>), never a silent stop.
/// Each is at least clamd's own (MaxRecursion 16, MaxFiles 10000, MaxScanSize = the stream limit),
/// so content clamd examines to the end does not reach them.
/// </summary>
public sealed record ArchiveLimits
{
    public static readonly ArchiveLimits Default = new();

    /// <summary>Nested archives opened, one inside the other (clamd: MaxRecursion 16).</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Bytes inflated over all members at all depths (clamd's MaxScanSize is 20 to 100 MiB as deployed).</summary>
    public long MaxInflatedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Local and central headers over all depths (clamd: MaxFiles 10000, so a zip clamd examines has
    /// at most 20,000). Each header's extra field is walked, so this also bounds the work that
    /// headers crafted to overlap can cause.
    /// </summary>
    public int MaxHeaders { get; init; } = 50_000;

    /// <summary>
    /// Members being inflated at once in one archive. A well-formed zip has one (each member's data ends
    /// before the next header); only overlapping or crafted headers open more.
    /// </summary>
    public int MaxOpenMembers { get; init; } = 8;
}
