using System.Diagnostics;
using System.Net.Sockets;

namespace Ideation.Bench.Stack;

/// <summary>
/// A .NET program the bench starts itself (a second copy of a service with other settings, a
/// baseline host), under its final `taskset` (re-pinning a running .NET process collapses its
/// throughput), with its output going straight to a log file, and stopped when disposed.
/// </summary>
public sealed class PinnedProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;

    private PinnedProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    /// <summary>The program's own pid: the shell and taskset exec into it.</summary>
    public int Pid => _process.Id;

    public string LogPath { get; }

    /// <summary>Starts <paramref name="dll"/> from its folder (where its appsettings are) and waits until it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<PinnedProcess> StartAsync(string name, string cpus, string dll, IEnumerable<string> arguments, int port, string logPath)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (dotnet build Ideation.sln -c Release).", dll);
        }

        string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
        var command = $"cd {Quote(Path.GetDirectoryName(dll)!)} && exec taskset -c {cpus} dotnet {Quote(dll)} {string.Join(' ', arguments.Select(Quote))} >{Quote(logPath)} 2>&1";
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var running = new PinnedProcess(name, process, logPath);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await running.DisposeAsync();
                var log = File.Exists(logPath) ? string.Join('\n', File.ReadLines(logPath).TakeLast(20)) : "";
                throw new InvalidOperationException($"{name} did not start listening on port {port}; the end of {logPath}:\n{log}");
            }

            await Task.Delay(250);
        }

        return running;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
