using System.Diagnostics;
using System.Globalization;

namespace Ideation.Bench.Harness;

/// <summary>
/// Keeps the bench on the core its scenario wants. A .NET process cannot usefully be moved once it
/// runs (its thread pool is sized by the affinity it started with), so the bench starts itself again
/// under <c>taskset</c> for a scenario that wants another core, and waits for it.
/// </summary>
public static class BenchCore
{
    /// <summary>Whether this process may run only on <paramref name="cpu"/>.</summary>
    public static bool RunsOnlyOn(int cpu)
    {
        var allowed = File.ReadLines("/proc/self/status")
            .First(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            .Split(':')[1].Trim();
        return allowed == cpu.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Runs this bench for one scenario on <paramref name="cpu"/>, its output going where ours goes; returns its exit code.</summary>
    public static async Task<int> RerunOnAsync(int cpu, string scenario, bool quick)
    {
        var start = new ProcessStartInfo("taskset");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cpu.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Environment.ProcessPath ?? throw new InvalidOperationException("The bench's own path is unknown."));
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Started as `dotnet Ideation.Bench.dll`: start the same assembly.
            start.ArgumentList.Add(typeof(BenchCore).Assembly.Location);
        }

        start.ArgumentList.Add(scenario);
        if (quick)
        {
            start.ArgumentList.Add("--quick");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
