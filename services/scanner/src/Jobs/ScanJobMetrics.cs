using Prometheus;

namespace Ideation.Scanner.Jobs;

/// <summary>What became of scan jobs and how long their verdicts took, for dashboards and alerts (a rise of <c>failed</c> or <c>deferred</c> needs a look).</summary>
internal static class ScanJobMetrics
{
    public static readonly Counter Jobs = Prometheus.Metrics.CreateCounter(
        "scanner_jobs_total",
        "Scan jobs handled, by result: clean, infected, unscannable, failed (verdicts), dropped (nothing to scan), deferred (left pending to retry).",
        new CounterConfiguration { LabelNames = ["result"] });

    /// <summary>50 ms (a small file) to 10 minutes (a file at the upload limit through a busy clamd, with retries).</summary>
    public static readonly Histogram ScanDuration = Prometheus.Metrics.CreateHistogram(
        "scanner_scan_duration_seconds",
        "Time from taking a scan job up to its verdict being recorded, retries included, by verdict: clean, infected, unscannable, failed.",
        new HistogramConfiguration { LabelNames = ["result"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
}
