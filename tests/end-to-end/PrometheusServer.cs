using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ideation.Testing;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// A real Prometheus scraping the management port of every process of a <see cref="Platform"/> the way
/// the deployment does (one job per component, the <c>component</c> label on every series), every
/// second, with the platform's alert rules loaded, and a client of its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly LocalServer _server;
    private readonly string _configDirectory;
    private readonly HttpClient _http;

    private PrometheusServer(LocalServer server, string configDirectory)
    {
        _server = server;
        _configDirectory = configDirectory;
        _http = new HttpClient { BaseAddress = new Uri(server.Url) };
    }

    public static async Task<PrometheusServer> StartAsync(Platform platform)
    {
        var directory = Directory.CreateTempSubdirectory("ideation-prometheus-config-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, ConfigFor(platform));
        return new PrometheusServer(await LocalServer.StartPrometheusAsync(config), directory);
    }

    /// <summary>Runs an instant query and returns each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var body = await GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        return body.GetProperty("result").EnumerateArray().Select(series => (
            (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>The value of a query that yields one series (a <c>sum</c>), or 0 when it yields none.</summary>
    public async Task<double> ScalarAsync(string promql) =>
        (await QueryAsync(promql)).Select(series => series.Value).DefaultIfEmpty(0).Single();

    /// <summary>Every metric name Prometheus has scraped: what the processes really export.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync() =>
        (await GetDataAsync("/api/v1/label/__name__/values")).EnumerateArray().Select(name => name.GetString()!).ToHashSet();

    /// <summary>The loaded rule groups' rules, each with its name, health and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? LastError)>> RulesAsync() =>
        (await GetDataAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray())
            .Select(rule => (
                rule.GetProperty("name").GetString()!,
                rule.GetProperty("health").GetString()!,
                rule.TryGetProperty("lastError", out var error) ? error.GetString() : null))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }

    private async Task<JsonElement> GetDataAsync(string path)
    {
        var response = await _http.GetFromJsonAsync<JsonElement>(path);
        if (response.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus answered {path} with {response}");
        }

        return response.GetProperty("data");
    }

    private static string ConfigFor(Platform platform)
    {
        var rules = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "rules");
        var config = new StringBuilder($"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules}/*.yml
            scrape_configs:

            """);
        foreach (var process in new[] { platform.Gateway, platform.Ideas, platform.Documents, platform.Scanner })
        {
            config.Append(CultureInfo.InvariantCulture, $"""
                  - job_name: {process.Name}
                    static_configs:
                      - targets: ["127.0.0.1:{process.ManagementPort}"]
                        labels: {"{"}component: {process.Name}{"}"}

                """);
        }

        return config.ToString();
    }
}
