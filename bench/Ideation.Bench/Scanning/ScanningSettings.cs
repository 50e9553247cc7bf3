using Ideation.Bench.Measurement;

namespace Ideation.Bench.Scanning;

/// <summary>How much the scanning scenario measures.</summary>
public sealed record ScanningSettings
{
    /// <summary>Rounds; pipeline and clamdscan alternate which goes first.</summary>
    public int Rounds { get; init; } = 5;

    public int ScanFiles { get; init; } = 20;

    public int ScanFileSize { get; init; } = 10 * Units.MiB;

    public static ScanningSettings Full { get; } = new();

    /// <summary>Still five rounds (the minimum for an A/B), with fewer files.</summary>
    public static ScanningSettings Quick { get; } = new() { ScanFiles = 6 };
}
