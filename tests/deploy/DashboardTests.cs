using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ideation.Testing.Monitoring;

namespace Ideation.Deploy.Tests;

/// <summary>The Grafana dashboards load, every panel shows something, and every query is PromQL Prometheus accepts.</summary>
public sealed partial class DashboardTests
{
    public static TheoryData<string> Dashboards() => [.. GrafanaDashboard.Paths().Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_but_rows_has_a_query(string dashboard)
    {
        var empty = Load(dashboard).Panels()
            .Where(panel => (string?)panel["type"] != "row")
            .Where(panel => !(panel["targets"] as JsonArray ?? []).Any(target => !string.IsNullOrWhiteSpace((string?)target?["expr"])))
            .Select(panel => (string?)panel["title"])
            .ToList();

        Assert.True(empty.Count == 0, $"Panels without a query: {string.Join(", ", empty)}");
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_has_its_own_id(string dashboard)
    {
        var ids = Load(dashboard).Panels().Select(panel => (int?)panel["id"]).ToList();

        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>Panels read from the chosen data source, and the component variable lists what Prometheus scrapes.</summary>
    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_use_the_datasource_variable_and_the_component_variable_exists(string dashboard)
    {
        var loaded = Load(dashboard);
        var variables = (loaded.Root["templating"]?["list"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(variable => (string)variable["name"]!, variable => (string?)variable["type"]);

        Assert.Equal("datasource", variables.GetValueOrDefault("datasource"));
        Assert.Equal("query", variables.GetValueOrDefault("component"));
        var fixedSource = loaded.Panels()
            .Where(panel => (string?)panel["type"] != "row" && (string?)panel["datasource"]?["uid"] != "${datasource}")
            .Select(panel => (string?)panel["title"])
            .ToList();
        Assert.True(fixedSource.Count == 0, $"Panels with a fixed data source: {string.Join(", ", fixedSource)}");
    }

    /// <summary>
    /// promtool checks every query as the expression of a recording rule, with Grafana's variables
    /// replaced by values of their kind: built-ins ($__rate_interval, $__range) are durations, and
    /// the dashboard's own variables only appear inside label matchers' regular expressions.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_query_is_valid_PromQL(string dashboard)
    {
        var loaded = Load(dashboard);
        var rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        var index = 0;
        foreach (var query in loaded.PanelQueries().Concat(loaded.VariableQueries()))
        {
            var expression = OwnVariable().Replace(BuiltInVariable().Replace(query.Expression, "1m"), ".*");
            rules.Append($"      - record: dashboard:query_{index++}\n");
            rules.Append($"        expr: {JsonValue.Create(expression).ToJsonString()}\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"ideation-dashboard-queries-{Guid.NewGuid():N}.yml");
        try
        {
            await File.WriteAllTextAsync(file, rules.ToString());
            await Promtool.AssertSucceedsAsync("check", "rules", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static GrafanaDashboard Load(string dashboard) =>
        GrafanaDashboard.Load(GrafanaDashboard.Paths().Single(path => Path.GetFileName(path) == dashboard));

    [GeneratedRegex(@"\$__\w+|\$\{__\w+\}")]
    private static partial Regex BuiltInVariable();

    [GeneratedRegex(@"\$\w+|\$\{\w+(:\w+)?\}")]
    private static partial Regex OwnVariable();
}
