using Ideation.Bench.Measurement;

namespace Ideation.Bench.Documents;

/// <summary>How much the documents scenario measures: the full run for the record, or a quick one to see that it works.</summary>
public sealed record DocumentsSettings
{
    /// <summary>Timed rounds per measurement; A and B alternate within each round.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Untimed uploads per path and size first: .NET compiles hot paths again, optimised, once they ran a while.</summary>
    public int WarmupRounds { get; init; } = 2;

    public IReadOnlyList<int> UploadSizes { get; init; } = [1 * Units.MiB, 10 * Units.MiB, 50 * Units.MiB];

    public int MemoryRounds { get; init; } = 3;

    public int MemoryFileSize { get; init; } = 50 * Units.MiB;

    public IReadOnlyList<int> MemoryConcurrency { get; init; } = [1, 4, 10];

    public static DocumentsSettings Full { get; } = new();

    /// <summary>Every measurement once or twice with less data: minutes become about one.</summary>
    public static DocumentsSettings Quick { get; } = new()
    {
        Rounds = 2,
        WarmupRounds = 1,
        UploadSizes = [1 * Units.MiB, 10 * Units.MiB],
        MemoryRounds = 1,
        MemoryConcurrency = [1, 4],
    };
}
