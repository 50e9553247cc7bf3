using System.Diagnostics;
using System.Globalization;
using Ideation.Bench.Harness;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Scaling;

/// <summary>
/// More scanner processes beside the stack's own, started the way scripts/start.sh starts it (same
/// build, same S3 server, clamd, Redis stream and consumer group, each its own consumer name), on
/// ports of the bench's own range and pinned to the stack's core from their start (a .NET process
/// moved to another core later would keep a thread pool sized for the old one). Each instance takes
/// jobs from the same consumer group, so the queue is shared between them.
/// </summary>
public sealed class ExtraScanners(LocalStack stack, string cpus) : IAsyncDisposable
{
    /// <summary>The first of the ports the bench may use: each instance takes two (gRPC, management).</summary>
    public const int FirstPort = 19800;

    private readonly List<(Process Process, Uri Metrics)> _running = [];

    public IReadOnlyList<Uri> Metrics => _running.Select(entry => entry.Metrics).ToList();

    public IReadOnlyList<int> Pids => _running.Select(entry => entry.Process.Id).ToList();

    /// <summary>Starts instances until <paramref name="count"/> extra ones run, each ready before the next starts.</summary>
    public async Task GrowToAsync(int count)
    {
        while (_running.Count < count)
        {
            var servicePort = FirstPort + (2 * _running.Count);
            var managementPort = servicePort + 1;
            var start = new ProcessStartInfo("taskset")
            {
                WorkingDirectory = Path.Combine(RepositoryRoot.Find(), "services", "scanner", "src", "bin", "Release", "net10.0"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            };
            string[] arguments =
            [
                "-c", cpus, "dotnet", "Ideation.Scanner.dll",
                $"--Hosting:ServicePort={servicePort}", $"--Hosting:ManagementPort={managementPort}",
                $"--Scanner:Storage:ServiceUrl={stack.S3ServiceUrl}", "--Scanner:Storage:ForcePathStyle=true",
                $"--Scanner:Storage:AccessKey={stack.S3AccessKey}", $"--Scanner:Storage:SecretKey={stack.S3SecretKey}",
                $"--Scanner:Documents:Address=http://127.0.0.1:{stack.DocumentsPort}",
                $"--Scanner:Clamd:Endpoints:0=127.0.0.1:{stack.ClamdPort}",
                $"--Scanner:Redis:Configuration=127.0.0.1:{stack.RedisPort}",
                // Warnings only: a scanner's per-job lines would cost CPU on the core being measured.
                "--Logging:LogLevel:Default=Warning",
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("The scanner did not start.");
            // Drained so that a full pipe never blocks the scanner.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            _running.Add((process, new Uri($"http://127.0.0.1:{managementPort}/metrics")));
            await WaitUntilReadyAsync(process, managementPort);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in _running)
        {
            if (!process.HasExited)
            {
                // SIGTERM to this pid only: the scanner finishes its jobs and leaves.
                Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            }
        }

        foreach (var (process, _) in _running)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }

            process.Dispose();
        }
    }

    private static async Task WaitUntilReadyAsync(Process process, int managementPort)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"An extra scanner exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{managementPort}/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The scanner on management port {managementPort} was not ready within two minutes.");
    }
}
