using Ideation.Scanner.Metrics;
using Ideation.Testing;

namespace Ideation.Scanner.Tests;

/// <summary>What the clamd monitor publishes for each answer; each test names a daemon of its own.</summary>
public sealed class ClamdMetricsTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_dated_database_reports_its_age()
    {
        var clamd = $"clamd-{Guid.NewGuid():N}:3310";

        ClamdMetrics.Answered(clamd, Now.AddDays(-2), Now);

        var scrape = await MetricsScrape.ReadProcessAsync();
        Assert.Equal(1, scrape.Value("scanner_clamd_up", ("clamd", clamd)));
        Assert.Equal(2 * 86400, scrape.Value("scanner_signatures_age_seconds", ("clamd", clamd)));
    }

    [Fact]
    public async Task An_undated_database_or_a_silent_daemon_reports_no_age_rather_than_a_stale_one()
    {
        var undated = $"clamd-{Guid.NewGuid():N}:3310";
        var silent = $"clamd-{Guid.NewGuid():N}:3310";
        ClamdMetrics.Answered(undated, Now.AddDays(-2), Now);
        ClamdMetrics.Answered(silent, Now.AddDays(-2), Now);

        ClamdMetrics.Answered(undated, signatureTime: null, Now);
        ClamdMetrics.Silent(silent);

        var scrape = await MetricsScrape.ReadProcessAsync();
        Assert.Equal(1, scrape.Value("scanner_clamd_up", ("clamd", undated)));
        Assert.Null(scrape.Value("scanner_signatures_age_seconds", ("clamd", undated)));
        Assert.Equal(0, scrape.Value("scanner_clamd_up", ("clamd", silent)));
        Assert.Null(scrape.Value("scanner_signatures_age_seconds", ("clamd", silent)));
    }
}
