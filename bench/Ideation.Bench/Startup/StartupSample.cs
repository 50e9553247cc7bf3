namespace Ideation.Bench.Startup;

/// <summary>One start: seconds from the process's start to ready, and to the host's "Application started" log line.</summary>
/// <param name="HostStartedSeconds">Null when the line was not found: from there to ready is the first readiness checks' time.</param>
internal sealed record StartupSample(double ReadySeconds, double? HostStartedSeconds)
{
    public override string ToString() =>
        $"ready after {ReadySeconds:F2} s" + (HostStartedSeconds is { } started ? $" (host started after {started:F2} s)" : "");
}
