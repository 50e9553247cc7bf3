using Ideation.Bench.Load;
using Ideation.Bench.Measurement;

namespace Ideation.Bench.Reads;

/// <summary>One round of one contender: the load result and the CPU seconds each process on core 0 spent.</summary>
/// <param name="Server">The contender's process, by its name in <see cref="Cpu"/>.</param>
public sealed record ReadSample(string Server, LoadResult Load, CpuUsage Cpu)
{
    /// <summary>CPU seconds of <paramref name="process"/> per 1,000 successful requests.</summary>
    public double CpuPerThousand(string process) => Cpu.Seconds.GetValueOrDefault(process) * 1000 / Math.Max(1, Load.Succeeded);

    public double ServerCpuPerThousand => CpuPerThousand(Server);

    public override string ToString() =>
        $"{Load}; CPU-s/1k: server {ServerCpuPerThousand:0.000}, postgres {CpuPerThousand(ReadsScenario.Postgres):0.000}, redis {CpuPerThousand(ReadsScenario.Redis):0.000}";
}
