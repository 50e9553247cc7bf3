namespace Ideation.Bench.Listing;

/// <summary>How much the listing scenario measures: the full run for the record, or a quick one to see that it works.</summary>
public sealed record ListingSettings
{
    /// <summary>The table grows through these sizes; every size is measured before the next rows go in.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000, 1_000_000];

    public int Rounds { get; init; } = 7;

    public int WarmupRounds { get; init; } = 1;

    /// <summary>Requests per case and round, one at a time...</summary>
    public int RequestsPerRound { get; init; } = 40;

    /// <summary>...or fewer when a case is slow (relevance over 100k matches): no case may take the run hostage.</summary>
    public TimeSpan TimePerRound { get; init; } = TimeSpan.FromSeconds(1.2);

    /// <summary>The page size a user gets by default (ListIdeas' default); the walk to deep pages uses the largest.</summary>
    public int PageSize { get; init; } = 25;

    public int WalkPageSize { get; init; } = 100;

    /// <summary>Private ports of this scenario: a PostgreSQL and an ideas service of its own, beside any stack.</summary>
    public int PostgresPort { get; init; } = 19600;

    public int ServicePort { get; init; } = 19610;

    public int ManagementPort { get; init; } = 19611;

    /// <summary>Nothing listens there: the service's event relay needs a Redis only to publish deletions, which the bench never makes.</summary>
    public int UnusedRedisPort { get; init; } = 19699;

    /// <summary>The core of the system under test (the service and PostgreSQL); the bench runs on the other.</summary>
    public string ServerCpus { get; init; } = "0";

    public string StateDirectory { get; init; } =
        Path.Combine(Environment.GetEnvironmentVariable("IDEATION_STATE_DIR") ?? "/tmp/ideation-bench-listing", "listing");

    public static ListingSettings Full { get; } = new();

    public static ListingSettings Quick { get; } = new()
    {
        Sizes = [10_000, 100_000],
        Rounds = 5,
        RequestsPerRound = 15,
        TimePerRound = TimeSpan.FromSeconds(0.5),
    };
}
