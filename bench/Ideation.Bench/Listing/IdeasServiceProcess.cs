using System.Diagnostics;
using Ideation.Bench.Harness;

namespace Ideation.Bench.Listing;

/// <summary>
/// The ideas service as the bench measures it: built from this checkout in Release, migrated with its
/// own `migrate` command, and started under `taskset` on the server core, talking to the scenario's
/// PostgreSQL. The same process serves every table size, as a deployment does while its table grows.
/// </summary>
internal sealed class IdeasServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private IdeasServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>gRPC over h2c, straight to the service: the gateway is another scenario's subject.</summary>
    public Uri Address { get; }

    public int Pid => _process.Id;

    private static string BinaryDirectory => Path.Combine(RepositoryRoot.Find(), "services", "ideas", "src", "bin", "Release", "net10.0");

    /// <summary>Builds the service (a no-op when nothing changed): a stale build would measure old code.</summary>
    public static Task BuildAsync() =>
        Shell.RunAsync("dotnet build services/ideas/src/Ideation.Ideas.csproj -c Release -v q -nologo -clp:ErrorsOnly", RepositoryRoot.Find());

    public static Task MigrateAsync(string connectionString) =>
        Shell.RunAsync($"dotnet Ideation.Ideas.dll migrate {Shell.Quote("--ConnectionStrings:Ideas=" + connectionString)}",
            BinaryDirectory, Environment());

    public static async Task<IdeasServiceProcess> StartAsync(ListingSettings settings, string connectionString)
    {
        var logPath = Path.Combine(settings.StateDirectory, "ideas.log");
        var start = new ProcessStartInfo("bash",
        [
            "-c",
            $"exec taskset -c {settings.ServerCpus} dotnet Ideation.Ideas.dll --Hosting:ServicePort={settings.ServicePort} " +
            $"--Hosting:ManagementPort={settings.ManagementPort} {Shell.Quote("--ConnectionStrings:Ideas=" + connectionString)} " +
            $"--Ideas:Events:Redis=127.0.0.1:{settings.UnusedRedisPort} >{Shell.Quote(logPath)} 2>&1",
        ])
        {
            WorkingDirectory = BinaryDirectory,
        };
        foreach (var (name, value) in Environment())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var service = new IdeasServiceProcess(process, new Uri($"http://127.0.0.1:{settings.ServicePort}"));
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The ideas service exited with {process.ExitCode}; see {logPath}.");
            }

            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{settings.ManagementPort}/ready")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"The ideas service was not ready within 60 s; see {logPath}.");
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Development: the README's development signing key, which the bench also mints its token with.</summary>
    private static Dictionary<string, string> Environment() => new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
}
