using System.Text.Json.Nodes;

namespace Ideation.Testing.Monitoring;

/// <summary>A Grafana dashboard JSON file (deploy/grafana/dashboards/*.json), as far as tests read it.</summary>
public sealed class GrafanaDashboard
{
    private GrafanaDashboard(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    /// <summary>The dashboards of this checkout's deploy/grafana/dashboards.</summary>
    public static IReadOnlyList<string> Paths() =>
        [.. Directory.GetFiles(System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Parses the file; invalid JSON throws with the position of the error.</summary>
    public static GrafanaDashboard Load(string path) =>
        new(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object."));

    /// <summary>Every panel, rows and the panels inside collapsed rows included.</summary>
    public IReadOnlyList<JsonObject> Panels() => [.. Flatten(Root["panels"] as JsonArray)];

    /// <summary>The PromQL of every panel target, named "panel title / refId".</summary>
    public IReadOnlyList<MonitoringQuery> PanelQueries() =>
        [.. Panels().SelectMany(panel => (panel["targets"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(target => !string.IsNullOrWhiteSpace((string?)target["expr"]))
            .Select(target => new MonitoringQuery(
                $"{System.IO.Path.GetFileName(Path)}: {(string?)panel["title"]} / {(string?)target["refId"]}",
                (string)target["expr"]!)))];

    /// <summary>The PromQL inside the template variables' queries (label_values(expr, label), query_result(expr)).</summary>
    public IReadOnlyList<MonitoringQuery> VariableQueries()
    {
        var queries = new List<MonitoringQuery>();
        foreach (var variable in (Root["templating"]?["list"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)variable["type"] != "query")
            {
                continue;
            }

            var query = variable["query"] is JsonObject structured ? (string?)structured["query"] : (string?)variable["query"];
            if (ExpressionOf(query) is { } expression)
            {
                queries.Add(new MonitoringQuery($"{System.IO.Path.GetFileName(Path)}: variable {(string?)variable["name"]}", expression));
            }
        }

        return queries;
    }

    private static string? ExpressionOf(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var trimmed = query.Trim();
        if (trimmed.StartsWith("label_values(", StringComparison.Ordinal) && trimmed.EndsWith(')'))
        {
            // label_values(label) reads no metric; label_values(expr, label) reads expr's.
            var arguments = trimmed["label_values(".Length..^1];
            var comma = arguments.LastIndexOf(',');
            return comma < 0 ? null : arguments[..comma];
        }

        if (trimmed.StartsWith("query_result(", StringComparison.Ordinal) && trimmed.EndsWith(')'))
        {
            return trimmed["query_result(".Length..^1];
        }

        return trimmed;
    }

    private static IEnumerable<JsonObject> Flatten(JsonArray? panels)
    {
        foreach (var panel in (panels ?? []).OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Flatten(panel["panels"] as JsonArray))
            {
                yield return nested;
            }
        }
    }
}
