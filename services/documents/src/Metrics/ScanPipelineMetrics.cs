using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;
using Prometheus;

namespace Ideation.Documents.Metrics;

/// <summary>
/// Whether scanning keeps up: how many documents wait for a verdict and for how long (refreshed by
/// <see cref="Pipeline.PipelineGauges"/>), and the verdicts recorded.
/// </summary>
internal static class ScanPipelineMetrics
{
    private static readonly Gauge QueueDepth = Prometheus.Metrics.CreateGauge(
        "scan_queue_depth", "Documents whose current scan has no verdict yet (uploads and rescans, queued or being scanned).");

    private static readonly Gauge OldestPendingAge = Prometheus.Metrics.CreateGauge(
        "scan_oldest_pending_age_seconds", "How long the document waiting longest for a verdict has waited since its scan was asked for; 0 when none waits.");

    private static readonly Counter Verdicts = Prometheus.Metrics.CreateCounter(
        "documents_verdicts_total", "Verdicts recorded, the first of each scan generation only: clean, infected, unscannable, failed.",
        new CounterConfiguration { LabelNames = ["verdict"] });

    private static readonly Counter Deferrals = Prometheus.Metrics.CreateCounter(
        "documents_scan_deferrals_total", "Claims scanners gave back because a dependency of the scan was out of reach, by dependency: storage, clamd. They do not count towards the claim limit.",
        new CounterConfiguration { LabelNames = ["dependency"] });

    public static void SetQueue(long depth, DateTime? oldestRequest, DateTime now)
    {
        QueueDepth.Set(depth);
        OldestPendingAge.Set(oldestRequest is { } requested ? Math.Max(0, (now - requested).TotalSeconds) : 0);
    }

    public static void ScanDeferred(string dependency) => Deferrals.WithLabels(dependency).Inc();

    public static void VerdictRecorded(ScanState verdict) =>
        Verdicts.WithLabels((string)EnumColumns.ScanState.ConvertToProvider(verdict)!).Inc();
}
