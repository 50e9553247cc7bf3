using System.Runtime.InteropServices;

namespace Ideation.Bench.Measurement;

/// <summary>What a reader needs to know about the machine a result came from, and which cores each side ran on.</summary>
public static class MachineInfo
{
    public static string Describe(IReadOnlyDictionary<string, int> stackPids)
    {
        var cpuInfo = File.ReadAllLines("/proc/cpuinfo");
        var model = cpuInfo.FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        // Environment.ProcessorCount counts only the cores this process may use (taskset): count them all.
        var cores = cpuInfo.Count(line => line.StartsWith("processor", StringComparison.Ordinal));
        var memory = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim();
        var stackCores = stackPids.GroupBy(pid => AllowedCpus(pid.Value))
            .Select(group => $"{string.Join(", ", group.Select(pid => pid.Key))} on {group.Key}");
        return $"{model}, {cores} cores, {memory} RAM; {RuntimeInformation.OSDescription}; .NET {Environment.Version}\n" +
               $"bench on CPUs {AllowedCpus(Environment.ProcessId)}; {string.Join("; ", stackCores)}";
    }

    /// <summary>The CPUs a process may run on (`taskset`), as the kernel lists them: "0", "0-1".</summary>
    private static string AllowedCpus(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
}
