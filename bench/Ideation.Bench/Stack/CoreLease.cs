using System.Diagnostics;
using System.Globalization;
using Ideation.Bench.Measurement;

namespace Ideation.Bench.Stack;

/// <summary>
/// Moves a native server of the running stack (clamd, PostgreSQL with its backends, Redis) onto one
/// core for a scenario, and gives it back afterwards. clamd is the system under test of the scan
/// comparison; PostgreSQL is the proxy scenario's backend and must leave the proxy's core. Native
/// programs may move while they run (unlike a .NET process, whose thread pool is sized by the
/// affinity it started with); PostgreSQL's future backends inherit the postmaster's core.
/// </summary>
public sealed class CoreLease : IDisposable
{
    private readonly string _name;
    private readonly IReadOnlyDictionary<int, string> _previous;

    private CoreLease(string name, IReadOnlyDictionary<int, string> previous, int core)
    {
        _name = name;
        _previous = previous;
        Core = core;
    }

    public int Core { get; }

    /// <summary>Pins every thread of the stack's process <paramref name="name"/> and of its child processes to <paramref name="core"/>.</summary>
    public static CoreLease Pin(LocalStack stack, string name, int core)
    {
        var root = ListeningProcess.Find(stack.Process(name));
        var tree = ProcFs.Tree(root).ToList();
        var previous = new Dictionary<int, string>();
        foreach (var pid in tree)
        {
            try
            {
                previous[pid] = Affinity(pid);
                Taskset("-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (InvalidOperationException) when (!Directory.Exists($"/proc/{pid}"))
            {
                // A backend that ended between listing and pinning.
            }
        }

        return new CoreLease(name, previous, core);
    }

    /// <summary>One line for the results: where the server runs now, and where the bench runs.</summary>
    /// <param name="sharedWithBench">The scenario puts the server beside the bench on purpose (the proxy's backend side).</param>
    public string Describe(bool sharedWithBench = false)
    {
        var root = _previous.Keys.Min();
        var bench = Affinity(Environment.ProcessId);
        var line = $"{_name} (pid {root}) pinned to core {Core} (it was on {_previous[root]}); the bench runs on {bench}.";
        return !sharedWithBench && bench.Split(',', '-').Contains(Core.ToString(CultureInfo.InvariantCulture))
            ? line + $" WARNING: the bench shares {_name}'s core."
            : line;
    }

    public void Dispose()
    {
        foreach (var (pid, affinity) in _previous)
        {
            if (Directory.Exists($"/proc/{pid}"))
            {
                Taskset("-a", "-p", "-c", affinity, pid.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The CPU list a process may run on, as taskset prints it ("0", "0,1", "0-1").</summary>
    public static string Affinity(int pid) => Taskset("-p", "-c", pid.ToString(CultureInfo.InvariantCulture)).Trim().Split(": ")[^1].Split('\n')[0];

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
