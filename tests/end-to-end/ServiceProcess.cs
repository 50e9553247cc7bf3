using System.Diagnostics;
using System.Reflection;
using Ideation.Testing;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// One of the platform's processes, run from its build output with `dotnet App.dll`, configured
/// through environment variables as a container would be, and observed through its management port.
/// Tests stop it gracefully (SIGTERM), kill it (SIGKILL) and start it again.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string BuildConfiguration = typeof(ServiceProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildConfiguration").Value!;

    // Generous: a restart on a shared two-core machine under a test's load can take a minute and more.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    private readonly string _assemblyPath;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logPath;
    private Process? _process;

    public ServiceProcess(string name, string projectDirectory, string assemblyName, int managementPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        ManagementPort = managementPort;
        _assemblyPath = Path.Combine(RepositoryRoot.Path, projectDirectory, "bin", BuildConfiguration, "net10.0", assemblyName + ".dll");
        _environment = environment;
        _logPath = Path.Combine(logDirectory, name + ".log");
    }

    public string Name { get; }
    public int ManagementPort { get; }

    /// <summary>The exit code of the last run, once it has ended.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>Runs a one-off command of the app (for example `migrate`) to completion.</summary>
    public async Task RunCommandAsync(string command)
    {
        using var process = Process.Start(CreateStartInfo(command))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} {command} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    /// <summary>Starts the process and waits until its readiness endpoint answers 200.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(_assemblyPath))
        {
            throw new FileNotFoundException($"{_assemblyPath} is missing: build the solution first (scripts/test.sh does).");
        }

        var process = Process.Start(CreateStartInfo(null))!;
        _process = process;
        var log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process);
    }

    /// <summary>SIGKILL: the process ends at once, mid-request and mid-job, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, then waits for a graceful exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    public string ReadLog() => File.Exists(_logPath) ? File.ReadAllText(_logPath) : "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        _process?.Dispose();
    }

    private ProcessStartInfo CreateStartInfo(string? command)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(_assemblyPath);
        if (command is not null)
        {
            start.ArgumentList.Add(command);
        }

        // Production, so that startup checks run as they do in a cluster; settings as environment variables.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Hosting__ManagementPort"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        return start;
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{ReadLog()}");
            }

            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{ManagementPort}/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer during startup.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not become ready within {ReadyTimeout.TotalSeconds} s:\n{ReadLog()}");
    }
}
