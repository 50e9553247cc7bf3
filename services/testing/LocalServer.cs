using System.Diagnostics;
using System.Globalization;

namespace Ideation.Testing;

/// <summary>
/// A server of its own for a test that must stop, kill or restart it (Redis, clamd, the S3 server),
/// started by the same shell functions the test command and the local run use (scripts/lib), in a
/// scratch folder on a free loopback port. Tests that only use a server share the one the test
/// command started instead.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly string _kind;
    private readonly string _directory;
    private readonly string[] _extraArguments;

    private LocalServer(string kind, string directory, int port, string[] extraArguments)
    {
        _kind = kind;
        _directory = directory;
        Port = port;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as Redis and clamd clients take it.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:port</c>, as the S3 client and Prometheus's HTTP API take it.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Redis without persistence.</summary>
    public static Task<LocalServer> StartRedisAsync() => StartAsync("redis", "redis");

    /// <summary>The S3-compatible server.</summary>
    public static Task<LocalServer> StartS3Async() => StartAsync("s3", "s3");

    /// <summary>clamd with the test signature database and the given stream and file limit.</summary>
    public static Task<LocalServer> StartClamdAsync(int limitMegabytes = 20) =>
        StartAsync("clamd", "clamd", limitMegabytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>Prometheus with the given configuration file (scrape targets, rule files).</summary>
    public static Task<LocalServer> StartPrometheusAsync(string configFile) =>
        StartAsync("prometheus", "prometheus", $"'{configFile}'");

    private static async Task<LocalServer> StartAsync(string kind, string script, params string[] extraArguments)
    {
        var directory = Directory.CreateTempSubdirectory($"ideation-{kind}-").FullName;
        var server = new LocalServer(script, directory, FreePort.Next(), extraArguments);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="Kill"/>) on the same port and folder.</summary>
    public async Task StartAgainAsync()
    {
        var arguments = string.Join(' ', _extraArguments);
        await RunShellAsync($"start_{_kind} '{_directory}/{_kind}' {Port} {arguments}");
    }

    /// <summary>Kills the server at once (SIGKILL), the way a crash would.</summary>
    public void Kill() => Signal("KILL");

    public async ValueTask DisposeAsync()
    {
        Signal("TERM");
        await Task.Delay(100);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still writing its last file: the scratch folder is in /tmp anyway.
        }
    }

    private void Signal(string signal)
    {
        var pidFile = Path.Combine(_directory, _kind, $"{_kind}.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var pid = File.ReadAllText(pidFile).Trim();
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid]) { RedirectStandardError = true })!;
        kill.WaitForExit();
        if (signal == "KILL")
        {
            // Wait until the port is free again, so a restart can bind it.
            WaitForExit(int.Parse(pid, CultureInfo.InvariantCulture));
        }
    }

    private static void WaitForExit(int pid)
    {
        for (var i = 0; i < 100 && File.Exists($"/proc/{pid}/stat") && !IsZombie(pid); i++)
        {
            Thread.Sleep(20);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task RunShellAsync(string command)
    {
        var scripts = Path.Combine(RepositoryRoot.Path, "scripts", "lib");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c",
                $"set -e; source '{scripts}/prerequisites.sh'; source '{scripts}/redis.sh'; source '{scripts}/s3.sh'; source '{scripts}/clamd.sh'; source '{scripts}/prometheus.sh'; {command}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {await error}");
        }
    }
}
