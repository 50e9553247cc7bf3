using Prometheus;

namespace Ideation.Scanner.Jobs;

/// <summary>What became of scan jobs, for dashboards and alerts (a rise of <c>failed</c> or <c>deferred</c> needs a look).</summary>
internal static class ScanJobMetrics
{
    public static readonly Counter Jobs = Prometheus.Metrics.CreateCounter(
        "scanner_jobs_total",
        "Scan jobs handled, by result: clean, infected, unscannable, failed (verdicts), dropped (nothing to scan), deferred (left pending to retry).",
        new CounterConfiguration { LabelNames = ["result"] });
}
