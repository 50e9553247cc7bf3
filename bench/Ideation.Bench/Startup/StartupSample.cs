namespace Ideation.Bench.Startup;

/// <summary>One start: seconds from the process's start to ready, and to the host's "Application started" log line.</summary>
/// <param name="HostStartedSeconds">Null when the line was not found. From there to ready: the first readiness checks.</param>
/// <param name="CpuSeconds">CPU the process spent until ready (/proc): unlike wall time, barely moved by other work on the machine.</param>
internal sealed record StartupSample(double ReadySeconds, double? HostStartedSeconds, double CpuSeconds)
{
    public override string ToString() =>
        $"ready after {ReadySeconds:F2} s, {CpuSeconds:F2} CPU-s" + (HostStartedSeconds is { } started ? $" (host started after {started:F2} s)" : "");
}
