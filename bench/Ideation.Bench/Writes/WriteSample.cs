using Ideation.Bench.Load;
using Ideation.Bench.Measurement;

namespace Ideation.Bench.Writes;

/// <summary>One round of one contender: ideas created, their latency, and the CPU each process spent.</summary>
public sealed record WriteSample(LoadResult Load, CpuUsage Cpu)
{
    public double CpuPerThousand(string process) => Cpu.Seconds.GetValueOrDefault(process) * 1000 / Math.Max(1, Load.Succeeded);

    public override string ToString() =>
        $"{Load}; CPU-s/1k: postgres {CpuPerThousand(WritesScenario.Postgres):0.000}, ideas {CpuPerThousand(WritesScenario.Ideas):0.000}, gateway {CpuPerThousand(WritesScenario.Gateway):0.000}";
}
