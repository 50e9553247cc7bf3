using System.Net;
using System.Net.Http.Json;
using Ideation.Testing;
using Ideation.Testing.Monitoring;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// What an SRE sees: a real Prometheus scrapes every process, and the traffic driven through the
/// gateway shows up in its numbers, on both sides of each hop.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class MonitoringTests(Platform platform) : IAsyncLifetime
{
    private static readonly string[] Components = ["gateway", "ideas", "documents", "scanner"];
    private readonly DocumentsClient _alice = new(platform, TestIdentity.Submitter("alice"));
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        _prometheus = await PrometheusServer.StartAsync(platform);
        await Eventually.AssertAsync(
            async () => (await _prometheus.QueryAsync("up == 1")).Count == Components.Length,
            "Prometheus scraped every component");
    }

    public async Task DisposeAsync() => await _prometheus.DisposeAsync();

    [Fact]
    public async Task Requests_through_the_gateway_are_counted_by_the_gateway_and_the_services_behind_it()
    {
        var up = await _prometheus.QueryAsync("up");
        Assert.Equal(Components.Order(), up.Select(series => series.Labels["component"]).Order());

        const string gatewayReads = """sum(http_requests_total{component="gateway",method="GET",status="200"})""";
        const string ideasReads = """sum(grpc_server_handled_total{component="ideas",grpc_method="GetIdea",grpc_code="OK"})""";
        const string verdicts = """sum(scanner_jobs_total{component="scanner",result="clean"})""";
        var before = (Gateway: await _prometheus.ScalarAsync(gatewayReads), Ideas: await _prometheus.ScalarAsync(ideasReads), Verdicts: await _prometheus.ScalarAsync(verdicts));

        var idea = await _alice.CreateIdeaAsync("Metrics for the coffee machine");
        for (var read = 0; read < 5; read++)
        {
            using var response = await _alice.Http.GetAsync($"/v1/{idea}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var document = await _alice.UploadAcceptedAsync(idea, TestFiles.Pdf("usage per floor"), "usage.pdf", "application/pdf");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await _alice.WaitForVerdictAsync(document)));

        await Eventually.AssertAsync(async () =>
            await _prometheus.ScalarAsync(gatewayReads) >= before.Gateway + 5
            && await _prometheus.ScalarAsync(ideasReads) >= before.Ideas + 5
            && await _prometheus.ScalarAsync(verdicts) >= before.Verdicts + 1,
            "Prometheus counted the reads at the gateway and at the ideas service, and the scan");

        // The route label is the template the gateway matched, never the idea's own path.
        var routes = await _prometheus.QueryAsync("""http_requests_total{component="gateway",method="GET"}""");
        Assert.DoesNotContain(routes, series => series.Labels["route"].Contains(idea["ideas/".Length..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_metric_the_alerts_and_the_dashboard_read_is_exported_by_a_process()
    {
        // Events that create every labelled series: a workflow transition, a clean and an infected verdict.
        var idea = await _alice.CreateIdeaAsync("Dashboards on the wall");
        using (var submitted = await _alice.Http.PostAsJsonAsync($"/v1/{idea}:submit", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        var clean = await _alice.UploadAcceptedAsync(idea, TestFiles.Pdf("wall plan"), "wall.pdf", "application/pdf");
        var infected = await _alice.UploadAcceptedAsync(idea, TestFiles.Eicar(), "eicar.txt", "text/plain");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await _alice.WaitForVerdictAsync(clean)));
        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(await _alice.WaitForVerdictAsync(infected)));

        // The test clamd's database holds only the EICAR signature, without the dated header of a
        // real daily.cvd, so it answers VERSION without a date and the scanner exports no age for it.
        var expected = MonitoringQueries.ScrapedNames().Where(name => name != "scanner_signatures_age_seconds").ToHashSet();
        var missing = expected.ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); missing.Count > 0 && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            var scraped = await _prometheus.MetricNamesAsync();
            missing = [.. expected.Where(name => !scraped.Contains(name)).Order()];
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task The_alert_rules_load_and_evaluate_without_errors_on_the_real_series()
    {
        await Eventually.AssertAsync(async () =>
        {
            var rules = await _prometheus.RulesAsync();
            return rules.Count > 0 && rules.All(rule => rule.Health == "ok");
        }, "every rule was evaluated once and is healthy");

        var unhealthy = (await _prometheus.RulesAsync()).Where(rule => rule.Health != "ok" || rule.LastError is { Length: > 0 });
        Assert.Empty(unhealthy);
    }
}
