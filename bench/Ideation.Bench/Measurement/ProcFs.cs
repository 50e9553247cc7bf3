using System.Globalization;

namespace Ideation.Bench.Measurement;

/// <summary>The few facts the bench reads from Linux's /proc: processes, parents, CPU time, memory.</summary>
public static class ProcFs
{
    /// <summary>USER_HZ: /proc counts CPU time in these ticks; 100 on every Linux the platform runs on.</summary>
    public const double TicksPerSecond = 100;

    public static IEnumerable<int> Pids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Parent pid and CPU ticks (user + system, own and reaped children's); null once the process is gone.</summary>
    public static ProcessTicks? Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcessTicks((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17));
    }

    public static int ParentOf(int pid) => Ticks(pid)?.Parent ?? 0;

    /// <summary>Every live process's parent and CPU ticks, read once: what the tree walks below work on.</summary>
    public static Dictionary<int, ProcessTicks> Processes()
    {
        var processes = new Dictionary<int, ProcessTicks>();
        foreach (var pid in Pids())
        {
            if (Ticks(pid) is { } ticks)
            {
                processes[pid] = ticks;
            }
        }

        return processes;
    }

    /// <summary>A process and its live descendants (PostgreSQL's backends under the postmaster).</summary>
    public static IEnumerable<int> Tree(int root) => Tree(root, Processes());

    /// <summary>A process and its descendants among <paramref name="processes"/>.</summary>
    public static IEnumerable<int> Tree(int root, IReadOnlyDictionary<int, ProcessTicks> processes)
    {
        var children = processes.ToLookup(process => process.Value.Parent, process => process.Key);
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            yield return pid;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>The ticks of a process and of its live descendants (nginx's worker under its master).</summary>
    public static long TreeTicks(int root) => TreeTicks(root, Processes());

    /// <summary>The ticks of a process and of its descendants among <paramref name="processes"/> (PostgreSQL's backends, clamdscan).</summary>
    public static long TreeTicks(int root, IReadOnlyDictionary<int, ProcessTicks> processes) =>
        Tree(root, processes).Sum(pid => processes.TryGetValue(pid, out var ticks) ? ticks.Ticks : 0);

    /// <summary>Resident set size in bytes (VmRSS), or null once the process is gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:     123456 kB"
                    var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    return kilobytes * 1024;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Busy and total CPU ticks of the whole machine, all cores (the first line of /proc/stat).</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var columns = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal (guest time is already inside user)
        var values = columns.Skip(1).Take(8).Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }
}

/// <param name="Parent">The parent's pid.</param>
/// <param name="Ticks">utime + stime + cutime + cstime: a child's time moves into its parent's once the parent reaps it.</param>
public readonly record struct ProcessTicks(int Parent, long Ticks);
