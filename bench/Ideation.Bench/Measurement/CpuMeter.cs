using Ideation.Bench.Stack;

namespace Ideation.Bench.Measurement;

/// <summary>
/// CPU seconds spent by each process of the stack, by the bench itself (with the clamdscan processes
/// it starts) and by everything else on the machine, between two snapshots. On a 2-core machine that
/// every process shares, this is what says which process limits a number, and whether something
/// outside the stack (a build, a test run) disturbed it.
/// </summary>
public sealed class CpuMeter
{
    public const string Bench = "bench";
    public const string Other = "other";

    private readonly IReadOnlyDictionary<string, int> _roots;

    public CpuMeter(LocalStack stack)
    {
        var roots = stack.Processes.ToDictionary(process => process.Name, ListeningProcess.Find);
        roots[Bench] = Environment.ProcessId;
        _roots = roots;
    }

    /// <summary>
    /// Given processes (and their descendants) by name: for scenarios that start processes of their
    /// own, which as the bench's children would otherwise be counted as the bench.
    /// </summary>
    public CpuMeter(IReadOnlyDictionary<string, int> roots) => _roots = roots;

    /// <summary>Stack processes by name, plus <see cref="Bench"/>; a report adds <see cref="Other"/>.</summary>
    public IEnumerable<string> Names => _roots.Keys;

    public int Pid(string name) => _roots[name];

    /// <summary>The processes it measures other than the bench itself (named <paramref name="bench"/>), by pid: what <see cref="MachineInfo.Describe"/> lists.</summary>
    public IReadOnlyDictionary<string, int> MeasuredPids(string bench = Bench) =>
        _roots.Where(root => root.Key != bench).ToDictionary(root => root.Key, root => root.Value);

    public CpuSnapshot Take()
    {
        // One read of /proc for every root: the trees are walked in the same instant.
        var processes = ProcFs.Processes();
        var perRoot = _roots.ToDictionary(root => root.Key, root => ProcFs.TreeTicks(root.Value, processes));
        return new CpuSnapshot(perRoot, ProcFs.MachineTicks());
    }
}

public sealed record CpuSnapshot(IReadOnlyDictionary<string, long> ProcessTicks, (long Busy, long Total) Machine)
{
    /// <summary>CPU seconds from <paramref name="start"/> to this snapshot, per process and for everything else.</summary>
    public CpuUsage Since(CpuSnapshot start)
    {
        var seconds = ProcessTicks.ToDictionary(
            process => process.Key,
            process => (process.Value - start.ProcessTicks[process.Key]) / ProcFs.TicksPerSecond);
        var machineBusy = (Machine.Busy - start.Machine.Busy) / ProcFs.TicksPerSecond;
        // Kernel work on loopback traffic that is charged to no process lands here too.
        seconds[CpuMeter.Other] = Math.Max(0, machineBusy - seconds.Values.Sum());
        var capacity = (Machine.Total - start.Machine.Total) / ProcFs.TicksPerSecond;
        return new CpuUsage(seconds, machineBusy, capacity);
    }
}

/// <param name="Seconds">CPU seconds per process name, and <see cref="CpuMeter.Other"/>.</param>
/// <param name="MachineBusy">CPU seconds the whole machine was busy.</param>
/// <param name="MachineCapacity">CPU seconds the machine had (wall time times cores).</param>
public sealed record CpuUsage(IReadOnlyDictionary<string, double> Seconds, double MachineBusy, double MachineCapacity)
{
    public static CpuUsage Sum(IEnumerable<CpuUsage> usages)
    {
        var list = usages.ToList();
        var seconds = list.SelectMany(usage => usage.Seconds)
            .GroupBy(entry => entry.Key)
            .ToDictionary(group => group.Key, group => group.Sum(entry => entry.Value));
        return new CpuUsage(seconds, list.Sum(usage => usage.MachineBusy), list.Sum(usage => usage.MachineCapacity));
    }
}
