using Ideation.Bench.Load;

namespace Ideation.Bench.Proxy;

/// <summary>One h2load run through one path, with the CPU its process under test spent meanwhile.</summary>
/// <param name="CpuSecondsPer1000">The process under test's own CPU-seconds (utime + stime, /proc) per 1,000 answered requests.</param>
/// <param name="CoreBusy">Its CPU-seconds per wall second: 1.0 means its core was saturated.</param>
/// <param name="BodyMismatch">Null when every answered request carried exactly the response checked with a real client; what differed otherwise.</param>
internal sealed record LoadSample(double RequestsPerSecond, double CpuSecondsPer1000, double CoreBusy, LatencyPercentiles Latency, string? BodyMismatch)
{
    /// <summary>Requests per second one fully busy core of the process would answer at this CPU cost.</summary>
    public double RequestsPerCoreSecond => 1000 / CpuSecondsPer1000;

    public bool BodiesChecked => BodyMismatch is null;

    public override string ToString() =>
        $"{RequestsPerSecond:F0} req/s, {CpuSecondsPer1000:F3} CPU-s/1k ({CoreBusy:P0} of its core), p50 {Latency.P50:F3} ms, p99 {Latency.P99:F3} ms{(BodiesChecked ? "" : $", RESPONSE BYTES DO NOT MATCH: {BodyMismatch}")}";
}
