using System.Diagnostics;
using Ideation.Bench.Measurement;

namespace Ideation.Bench.Stack;

/// <summary>
/// Gives clamd a core of its own for the scanning scenarios, and gives it back afterwards. clamd is
/// the system under test on both sides of the scan comparison (clamdscan and the platform's scanner
/// both stream into it), so it gets one core and everything else (the stack, the bench, clamdscan)
/// the other. clamd is a native program: moving it while it runs is safe (unlike a .NET process,
/// whose thread pool is sized by the affinity it started with). The bench must run off that core
/// (`taskset -c 0`): <see cref="Describe"/> says so when it does not.
/// </summary>
public sealed class ClamdCore : IDisposable
{
    private readonly int _pid;
    private readonly string _previous;

    private ClamdCore(int pid, string previous, int core)
    {
        _pid = pid;
        _previous = previous;
        Core = core;
    }

    public int Core { get; }

    /// <summary>Pins every thread of the stack's clamd to <paramref name="core"/>.</summary>
    public static ClamdCore Pin(LocalStack stack, int core)
    {
        var pid = ListeningProcess.Find(stack.Process("clamd"));
        var previous = Affinity(pid);
        Taskset("-a", "-p", "-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ClamdCore(pid, previous, core);
    }

    public string Describe()
    {
        var bench = Affinity(Environment.ProcessId);
        var line = $"clamd (pid {_pid}) pinned to core {Core} (it was on {_previous}); the bench runs on {bench}.";
        return bench.Split(',', '-').Contains(Core.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ? line + $" WARNING: the bench shares clamd's core: start it with `taskset -c 0` for the fair layout."
            : line;
    }

    public void Dispose() => Taskset("-a", "-p", "-c", _previous, _pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The CPU list a process may run on, as taskset prints it ("0", "0,1", "0-1").</summary>
    private static string Affinity(int pid) => Taskset("-p", "-c", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Trim().Split(": ")[^1].Split('\n')[0];

    private static string Taskset(params string[] arguments)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"taskset {string.Join(' ', arguments)}: {errors}");
    }
}
