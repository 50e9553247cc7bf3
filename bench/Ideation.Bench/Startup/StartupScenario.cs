using System.Globalization;
using System.Text.Json;
using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Proxy;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Startup;

/// <summary>
/// The `startup` scenario (issue scenario 10): how long each program takes from process start to
/// ready, which a rolling update and the autoscaler wait for. Each start runs alone on core 0 (as the
/// process under test); the backing servers of a running stack, and the bench polling every 20 ms,
/// are on core 1. Components take turns round by round, so a slow phase of the machine hits each.
/// </summary>
public sealed class StartupScenario : IBenchScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public string Name => "startup";

    public string Description => "time from process start to ready for ideas, documents, scanner and the gateway; needs bench/start-stack.sh running";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        new BackingServers(stack).EnsureRunning();
        // Each start has core 0 to itself; the servers it connects to answer from core 1.
        using var leases = new CompositeDisposable(((string[])["postgres", "redis", "s3rver", "clamd"]).Select(name => CoreLease.Pin(stack, name, 1)));
        var scratch = Directory.CreateTempSubdirectory("ideation-bench-startup-").FullName;
        await run.LogAsync($"Logs in {scratch}");
        var certificate = await DevCertificate.EnsureAsync(Path.Combine(scratch, "certs"));
        var components = StartupComponents.All(stack, certificate);
        // The probes read status codes only: the gateway's self-signed certificate is not checked here.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        {
            // The chart's readiness probe waits 3 s: a shorter client timeout would cancel a slow
            // first check again and again, and measure the bench rather than the service.
            Timeout = TimeSpan.FromSeconds(3),
        };

        var starts = 0;
        var result = await Alternation.RunAsync(
            components.Select(component => (component.Name, (Func<int, Task<StartupSample>>)(_ =>
                StartOnceAsync(component, Path.Combine(scratch, $"{component.Name}-{++starts}.log"), http)))).ToList(),
            run.Rounds,
            // The first start after a build reads every assembly from disk; a rolled-out pod's node
            // usually has the image's files cached after the first pull. Not counted.
            warmupRounds: run.Quick ? 0 : 1,
            run.LogAsync);

        var table = new MarkdownTable("component", "ready: median s", "min s", "max s", "host started: median s", "CPU-s to ready: median", "starts");
        foreach (var component in components)
        {
            var ready = result.Summarise(component.Name, sample => sample.ReadySeconds);
            var hostStarted = result.Samples[component.Name].Where(sample => sample.HostStartedSeconds is not null).ToList();
            table.Add(component.Name, ready.Median, ready.Min, ready.Max,
                hostStarted.Count > 0 ? Summary.Of(hostStarted.Select(sample => sample.HostStartedSeconds!.Value)).Median : "-",
                result.Summarise(component.Name, sample => sample.CpuSeconds).Median,
                ready.Count);
        }

        await run.LogAsync("\n## Start-up: process start to ready (Release, Production settings, alone on core 0)\n\n" + table);
        Charts.Bars(run.ChartPath("startup-time-to-ready.png"), "Process start to ready (median, min-max)", "seconds",
            components.Select(component => (component.Name, result.Summarise(component.Name, sample => sample.ReadySeconds))).ToList());
    }

    private static async Task<StartupSample> StartOnceAsync(StartedComponent component, string logPath, HttpClient http)
    {
        var directory = BuiltProgram.Directory(component.ProjectDirectory, component.Assembly);
        var startedAtUtc = DateTime.UtcNow;
        await using var process = PinnedProcess.Start(component.Name, "0", "dotnet", [component.Assembly, .. component.Arguments],
            logPath, directory, BackingServers.Production);
        var ready = await process.WaitUntilReadyAsync(async () =>
        {
            foreach (var url in component.ReadyWhen)
            {
                using var response = await http.GetAsync(url);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(2), PollInterval);
        var cpu = process.CpuSeconds();
        await process.StopAsync(TimeSpan.FromSeconds(10));
        return new StartupSample(ready.TotalSeconds, HostStarted(logPath, startedAtUtc), cpu);
    }

    /// <summary>Seconds from <paramref name="startedAtUtc"/> to the JSON log line of Microsoft.Hosting.Lifetime's "Application started".</summary>
    private static double? HostStarted(string logPath, DateTime startedAtUtc)
    {
        foreach (var line in File.ReadLines(logPath))
        {
            if (!line.Contains("Application started", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var timestamp = DateTime.Parse(json.RootElement.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                return (timestamp - startedAtUtc).TotalSeconds;
            }
            catch (Exception exception) when (exception is JsonException or FormatException or KeyNotFoundException)
            {
                return null;
            }
        }

        return null;
    }
}
