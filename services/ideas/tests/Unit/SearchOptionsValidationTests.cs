using Ideation.Ideas.Configuration;

namespace Ideation.Ideas.Tests.Unit;

public sealed class SearchOptionsValidationTests
{
    private static IdeasOptions With(SearchOptions search) => new()
    {
        Categories = [new CategoryOptions { Id = "other", DisplayName = "Other" }],
        Search = search,
    };

    [Fact]
    public void The_default_bounds_are_valid() =>
        Assert.True(new IdeasOptionsValidator().Validate(null, With(new SearchOptions())).Succeeded);

    [Theory]
    [InlineData(0, 1000, 20000)]
    [InlineData(10000, 0, 20000)]
    [InlineData(10000, 1000, 999)]
    public void Bounds_that_bound_nothing_are_refused(int scannedRows, int rankedMatches, int rankedScannedRows)
    {
        var result = new IdeasOptionsValidator().Validate(null, With(new SearchOptions
        {
            ScannedRows = scannedRows,
            RankedMatches = rankedMatches,
            RankedScannedRows = rankedScannedRows,
        }));

        Assert.True(result.Failed);
        Assert.Contains("Ideas:Search", result.FailureMessage, StringComparison.Ordinal);
    }
}
