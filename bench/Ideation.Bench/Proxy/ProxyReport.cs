using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;

namespace Ideation.Bench.Proxy;

/// <summary>The proxy scenario's tables (one per question of the issue) and its three charts.</summary>
internal sealed class ProxyReport(ProxyPaths paths, AlternationResult<LoadSample> load, AlternationResult<LoadSample> latency)
{
    /// <summary>Scenario 1's latency goal: the gateway may add at most this much more than nginx at one request in flight.</summary>
    private const double LatencyAllowanceMs = 0.05;

    public string Tables() =>
        $"\n## GetIdea under load (h2load -c{ProxySettings.Clients} -m{ProxySettings.Streams}): medians of the rounds (min–max)\n\n" + LoadTable() +
        "\n## GetIdea at one request in flight (h2load -c1 -m1)\n\n" + LatencyTable() +
        "\n## Goals (ratios taken per round: median (min–max))\n\n" + GoalsTable();

    private string LoadTable()
    {
        var table = new MarkdownTable("path", "req/s", "CPU-s / 1k req (process under test)", "its core busy",
            "req/s per core", "p50 ms", "p99 ms", "p99.9 ms", "response bytes checked");
        foreach (var path in paths.UnderLoad)
        {
            var samples = load.Samples[path.Name];
            table.Add(path.Name,
                Spread(load.Summarise(path.Name, sample => sample.RequestsPerSecond)),
                Spread(load.Summarise(path.Name, sample => sample.CpuSecondsPer1000)),
                $"{load.Summarise(path.Name, sample => sample.CoreBusy).Median:P0}",
                load.Summarise(path.Name, sample => sample.RequestsPerCoreSecond).Median,
                load.Summarise(path.Name, sample => sample.Latency.P50).Median,
                load.Summarise(path.Name, sample => sample.Latency.P99).Median,
                load.Summarise(path.Name, sample => sample.Latency.P999).Median,
                samples.All(sample => sample.BodiesChecked) ? "yes, every run" : $"NO in {samples.Count(sample => !sample.BodiesChecked)} runs");
        }

        return table.ToString();
    }

    private string LatencyTable()
    {
        var table = new MarkdownTable("path", "p50 ms", "p99 ms", "p99.9 ms", "mean ms", "added p50 ms (vs direct)", "added mean ms (vs direct)");
        foreach (var path in paths.AtOneInFlight)
        {
            var isDirect = path == paths.Direct;
            table.Add(path.Name,
                latency.Summarise(path.Name, sample => sample.Latency.P50).Median,
                latency.Summarise(path.Name, sample => sample.Latency.P99).Median,
                latency.Summarise(path.Name, sample => sample.Latency.P999).Median,
                latency.Summarise(path.Name, sample => sample.Latency.Mean).Median,
                isDirect ? "-" : Spread(Added(path, sample => sample.Latency.P50)),
                isDirect ? "-" : Spread(Added(path, sample => sample.Latency.Mean)));
        }

        return table.ToString();
    }

    private string GoalsTable()
    {
        var gateway = paths.GatewayGrpc.Name;
        var nginx = paths.NginxGrpc.Name;
        var haproxy = paths.HaproxyGrpc.Name;
        var rest = paths.GatewayRest.Name;
        var cpu = (Func<LoadSample, double>)(sample => sample.CpuSecondsPer1000);
        var requests = (Func<LoadSample, double>)(sample => sample.RequestsPerSecond);
        var perCore = (Func<LoadSample, double>)(sample => sample.RequestsPerCoreSecond);
        // Extra latency of the gateway over nginx, per round, each measured against the same round's direct call.
        var extraLatency = Summary.Of(latency.Samples[gateway].Zip(latency.Samples[nginx], (a, b) => a.Latency.P50 - b.Latency.P50));

        var table = new MarkdownTable("goal", "measured", "target", "met");
        void Goal(string goal, Summary measured, string target, bool met) => table.Add(goal, Spread(measured), target, met ? "yes" : "no");
        Goal("1. gateway / nginx CPU-s per request", load.Ratio(gateway, nginx, cpu), "<= 1.0", load.Ratio(gateway, nginx, cpu).Median <= 1.0);
        Goal("1. gateway / nginx req/s per proxy core", load.Ratio(gateway, nginx, perCore), ">= 1.0", load.Ratio(gateway, nginx, perCore).Median >= 1.0);
        table.Add("1. gateway / nginx req/s (same load)", Spread(load.Ratio(gateway, nginx, requests)), "(reported)", "-");
        Goal("1. gateway - nginx added p50 latency at -c1, ms", extraLatency, $"<= {LatencyAllowanceMs}", extraLatency.Median <= LatencyAllowanceMs);
        table.Add("1. gateway / HAProxy CPU-s per request", Spread(load.Ratio(gateway, haproxy, cpu)), "(distance to the best)", "-");
        table.Add("1. nginx / HAProxy CPU-s per request", Spread(load.Ratio(nginx, haproxy, cpu)), "(reported)", "-");
        Goal("2. gateway REST / gRPC req/s", load.Ratio(rest, gateway, requests), ">= 0.85", load.Ratio(rest, gateway, requests).Median >= 0.85);
        // Requests per CPU-second, REST over gRPC: the inverse ratio of CPU per request.
        Goal("2. gateway REST / gRPC requests per CPU-second", load.Ratio(rest, gateway, perCore), ">= 0.85", load.Ratio(rest, gateway, perCore).Median >= 0.85);
        Goal("3. gateway REST / in-process transcoding req/s", load.Ratio(rest, paths.InProcessRest.Name, requests), ">= 0.6",
            load.Ratio(rest, paths.InProcessRest.Name, requests).Median >= 0.6);
        return table.ToString();
    }

    public void SaveCharts(BenchRun run)
    {
        // The in-process host's CPU includes the service's own work: not comparable with a proxy's, so not in this chart.
        IReadOnlyList<LoadPath> proxies = [paths.GatewayGrpc, paths.NginxGrpc, paths.HaproxyGrpc, paths.GatewayRest];
        Charts.Bars(run.ChartPath("proxy-cpu-per-1k-requests.png"), $"Proxy CPU-seconds per 1,000 GetIdea (h2load -c{ProxySettings.Clients} -m{ProxySettings.Streams})", "CPU-s / 1,000 requests",
            proxies.Select(path => (path.Name, load.Summarise(path.Name, sample => sample.CpuSecondsPer1000))).ToList());
        Charts.Bars(run.ChartPath("proxy-requests-per-second.png"), "GetIdea requests/s (proxy on core 0; service and h2load on core 1)", "requests/s",
            paths.UnderLoad.Select(path => (path.Name, load.Summarise(path.Name, sample => sample.RequestsPerSecond))).ToList());
        Charts.Bars(run.ChartPath("proxy-latency-one-in-flight.png"), "GetIdea p50 latency at one request in flight (h2load -c1 -m1)", "ms",
            paths.AtOneInFlight.Select(path => (path.Name, latency.Summarise(path.Name, sample => sample.Latency.P50))).ToList());
    }

    /// <summary>Latency added by a proxy: its figure minus the direct path's in the same round.</summary>
    private Summary Added(LoadPath path, Func<LoadSample, double> figure) =>
        Summary.Of(latency.Samples[path.Name].Zip(latency.Samples[paths.Direct.Name], (through, direct) => figure(through) - figure(direct)));

    private static string Spread(Summary summary) =>
        $"{MarkdownTable.Number(summary.Median)} ({MarkdownTable.Number(summary.Min)}–{MarkdownTable.Number(summary.Max)})";
}
