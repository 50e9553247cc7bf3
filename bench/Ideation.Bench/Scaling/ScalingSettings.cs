using Ideation.Bench.Measurement;

namespace Ideation.Bench.Scaling;

/// <summary>How much the scaling scenario measures.</summary>
public sealed record ScalingSettings
{
    /// <summary>Scanner instances at each point of the curve: the stack's own, plus extra processes.</summary>
    public IReadOnlyList<int> Instances { get; init; } = [1, 2, 4];

    public int Rounds { get; init; } = 3;

    /// <summary>Uploads per round, all of which must reach a verdict.</summary>
    public int Uploads { get; init; } = 24;

    public int FileSize { get; init; } = 4 * Units.MiB;

    /// <summary>Uploads in flight at once: enough to keep the queue fed whatever the scanners do.</summary>
    public int UploadConcurrency { get; init; } = 4;

    public static ScalingSettings Full { get; } = new();

    public static ScalingSettings Quick { get; } = new() { Rounds = 1, Uploads = 8 };
}
