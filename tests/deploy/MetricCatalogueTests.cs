using Ideation.Testing.Monitoring;

namespace Ideation.Deploy.Tests;

public sealed class MetricCatalogueTests
{
    private const string Markdown = """
        # Observability
        | `not_in_metrics_section` | counter | | before the section |

        ## Metrics
        ### Common
        | Metric | Type | Labels | Meaning |
        |---|---|---|---|
        | `requests_total` | counter | route | requests |
        | `request_duration_seconds` | histogram | route | their duration |
        | `process_*`, `dotnet_*` | | | runtime |

        ## Alerts
        | `HighErrorRate` | ratio | page | runbook |
        """;

    [Theory]
    [InlineData("requests_total")]
    [InlineData("request_duration_seconds")]
    [InlineData("request_duration_seconds_bucket")]
    [InlineData("request_duration_seconds_count")]
    [InlineData("process_cpu_seconds_total")]
    [InlineData("dotnet_collection_count_total")]
    public void Knows_listed_metrics_histogram_series_and_prefixed_families(string series)
    {
        Assert.True(MetricCatalogue.Parse(Markdown).Knows(series));
    }

    [Theory]
    [InlineData("requests_total_bucket")]
    [InlineData("not_in_metrics_section")]
    [InlineData("HighErrorRate")]
    [InlineData("request_duration")]
    public void Knows_nothing_else(string series)
    {
        Assert.False(MetricCatalogue.Parse(Markdown).Knows(series));
    }

    [Fact]
    public void The_repository_catalogue_lists_the_platform_s_metrics()
    {
        var catalogue = MetricCatalogue.Load();

        Assert.Contains("http_request_duration_seconds", catalogue.Histograms);
        Assert.Contains("scanner_clamd_up", catalogue.Names);
        Assert.Contains("process_", catalogue.Prefixes);
    }
}
