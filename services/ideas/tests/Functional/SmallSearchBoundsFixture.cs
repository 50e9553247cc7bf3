namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// The service with search bounds of a few rows instead of thousands, so that a test of a handful of
/// ideas reaches both ways a search page is read (the walk of the newest rows and the GIN fallback)
/// and the cap of relevance order.
/// </summary>
public sealed class SmallSearchBoundsFixture : IdeasServiceFixture
{
    public const int ScannedRows = 4;
    public const int RankedMatches = 5;
    public const int RankedScannedRows = 8;

    protected override IEnumerable<string> ExtraArguments() =>
    [
        $"--Ideas:Search:ScannedRows={ScannedRows}",
        $"--Ideas:Search:RankedMatches={RankedMatches}",
        $"--Ideas:Search:RankedScannedRows={RankedScannedRows}",
    ];
}
