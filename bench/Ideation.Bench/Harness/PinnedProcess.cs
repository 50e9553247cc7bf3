using System.Diagnostics;
using Ideation.Bench.Measurement;

namespace Ideation.Bench.Harness;

/// <summary>
/// A program the bench starts under <c>taskset -c N</c> from its first instruction (re-pinning a running
/// .NET process collapses its throughput), with its output in a log file, and stops again. The shell
/// and taskset exec into the program, so <see cref="Pid"/> is the program's own pid, the one whose
/// CPU time /proc reports. Output goes straight to the file, not through the bench: a proxy's access
/// log must not cost the load generator's core.
/// </summary>
public sealed class PinnedProcess : IAsyncDisposable
{
    /// <summary>Processes still running: stopped when the bench exits early (an exception, SIGTERM), so none outlives it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PinnedProcess, bool> Running = new();

    private readonly Process _process;

    static PinnedProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var running in Running.Keys)
        {
            try
            {
                running._process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    };

    private PinnedProcess(string name, Process process, string logPath, long startedAt)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        StartedAt = startedAt;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogPath { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    /// <param name="core">The CPU list for taskset ("0", "1", "0-1").</param>
    /// <param name="environment">Added to (or, with a null value, removed from) the bench's own environment.</param>
    public static PinnedProcess Start(
        string name,
        string core,
        string program,
        IEnumerable<string> arguments,
        string logPath,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // $0 is the CPU list, $@ the program and its arguments; the log path travels in the environment.
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec taskset -c \"$0\" \"$@\" >>\"$PINNED_PROCESS_LOG\" 2>&1", core, program },
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PINNED_PROCESS_LOG"] = logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var pinned = new PinnedProcess(name, process, logPath, startedAt);
        Running[pinned] = true;
        return pinned;
    }

    /// <summary>Starts a built .NET program from its folder (where its appsettings are) and waits until it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<PinnedProcess> StartDotnetAsync(string name, string core, string dll, IEnumerable<string> arguments, int port, string logPath)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (dotnet build Ideation.sln -c Release).", dll);
        }

        var process = Start(name, core, "dotnet", [dll, .. arguments], logPath, Path.GetDirectoryName(dll));
        try
        {
            await process.WaitUntilReadyAsync(() => AcceptsAsync(port), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(250));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return true;
    }

    /// <summary>CPU seconds (user + system) of the process and its children (nginx's worker), from /proc.</summary>
    public double CpuSeconds() => ProcFs.TreeTicks(Pid) / ProcFs.TicksPerSecond;

    /// <summary>Polls <paramref name="isReady"/> until it answers true; fails early, with the end of the log, if the process exits.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(Func<Task<bool>> isReady, TimeSpan timeout, TimeSpan? pollInterval = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{LogTail()}");
            }

            bool ready;
            try
            {
                ready = await isReady();
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException)
            {
                ready = false;
            }

            if (ready)
            {
                return Stopwatch.GetElapsedTime(StartedAt);
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{Name} was not ready after {timeout}:\n{LogTail()}");
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>SIGTERM (a graceful stop, as Kubernetes does), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    public string LogTail(int lines = 20)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
