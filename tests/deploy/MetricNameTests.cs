using Ideation.Testing.Monitoring;

namespace Ideation.Deploy.Tests;

/// <summary>Rules and dashboards read only metrics the catalogue of docs/observability.md promises.</summary>
public sealed class MetricNameTests
{
    [Fact]
    public void Every_metric_the_rules_and_dashboards_read_is_in_the_catalogue()
    {
        var catalogue = MetricCatalogue.Load();
        var recorded = MonitoringQueries.RecordedNames();

        var unknown = MonitoringQueries.All()
            .SelectMany(query => PromQlMetricNames.In(query.Expression).Select(name => (query.Source, Name: name)))
            .Where(use => !catalogue.Knows(use.Name) && !recorded.Contains(use.Name) && !PrometheusOwnSeries.Contains(use.Name))
            .Select(use => $"{use.Source}: {use.Name}")
            .ToList();

        Assert.True(unknown.Count == 0, $"Metrics not in docs/observability.md:\n{string.Join('\n', unknown)}");
    }

    /// <summary>Guards the test above against reading nothing: the queries do name the catalogue's metrics.</summary>
    [Fact]
    public void The_queries_read_the_catalogue_s_metrics()
    {
        var scraped = MonitoringQueries.ScrapedNames();

        Assert.Contains("http_request_duration_seconds_bucket", scraped);
        Assert.Contains("scan_oldest_pending_age_seconds", scraped);
        Assert.Contains("db_pending_connection_requests", scraped);
        Assert.Contains("component:request_error_ratio:rate5m", MonitoringQueries.RecordedNames());
    }
}
