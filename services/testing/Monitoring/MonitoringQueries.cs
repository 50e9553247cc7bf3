using System.Text.RegularExpressions;

namespace Ideation.Testing.Monitoring;

/// <summary>A PromQL expression and where it comes from (rule, annotation, dashboard panel).</summary>
public sealed record MonitoringQuery(string Source, string Expression);

/// <summary>
/// Every PromQL expression the platform's monitoring runs: the rules of deploy/prometheus/rules
/// (their expressions and the queries inside their annotation templates) and the dashboards of
/// deploy/grafana/dashboards. With <see cref="PromQlMetricNames"/>, tests check the metric names
/// they read against the catalogue (<see cref="MetricCatalogue"/>) or against a real scrape.
/// </summary>
public static partial class MonitoringQueries
{
    public static IReadOnlyList<MonitoringQuery> All() => [.. FromRules(), .. FromDashboards()];

    public static IReadOnlyList<MonitoringQuery> FromRules()
    {
        var queries = new List<MonitoringQuery>();
        foreach (var path in PrometheusRuleFile.Paths())
        {
            foreach (var rule in PrometheusRuleFile.Load(path).Groups.SelectMany(group => group.Rules))
            {
                var source = $"{Path.GetFileName(path)}: {rule.Name}";
                queries.Add(new MonitoringQuery(source, rule.Expr));
                foreach (var (annotation, template) in rule.Annotations)
                {
                    foreach (Match query in TemplateQuery().Matches(template))
                    {
                        // printf's %q becomes a string literal; any literal reads no metric.
                        queries.Add(new MonitoringQuery($"{source} ({annotation})", query.Groups["query"].Value.Replace("%q", "\"\"", StringComparison.Ordinal)));
                    }
                }
            }
        }

        return queries;
    }

    public static IReadOnlyList<MonitoringQuery> FromDashboards() =>
        [.. GrafanaDashboard.Paths().Select(GrafanaDashboard.Load).SelectMany(dashboard => dashboard.PanelQueries().Concat(dashboard.VariableQueries()))];

    /// <summary>The series the recording rules write: known to Prometheus, exported by no process.</summary>
    public static IReadOnlySet<string> RecordedNames() =>
        PrometheusRuleFile.AllRules().Select(rule => rule.Record).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The metric names the queries read that only a scrape of the platform's processes can provide:
    /// neither recorded by a rule nor written by Prometheus itself.
    /// </summary>
    public static IReadOnlySet<string> ScrapedNames()
    {
        var recorded = RecordedNames();
        return All().SelectMany(query => PromQlMetricNames.In(query.Expression))
            .Where(name => !recorded.Contains(name) && !PrometheusOwnSeries.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A backtick-quoted query piped into the template function query, directly or through printf.</summary>
    [GeneratedRegex(@"`(?<query>[^`]+)`[^`{}]*\|\s*query\b")]
    private static partial Regex TemplateQuery();
}
