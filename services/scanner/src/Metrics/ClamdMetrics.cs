using Prometheus;

namespace Ideation.Scanner.Metrics;

/// <summary>
/// The clamd daemons as the scanner sees them: whether each answers (<c>scanner_clamd_up</c>), how
/// old its signatures are (<c>scanner_signatures_age_seconds</c>), and the bytes streamed into them.
/// The <c>clamd</c> label is the daemon's <c>host:port</c>, as configured.
/// </summary>
internal static class ClamdMetrics
{
    private static readonly Gauge Up = Prometheus.Metrics.CreateGauge(
        "scanner_clamd_up", "1 when the clamd daemon answers PING, 0 when it does not.",
        new GaugeConfiguration { LabelNames = ["clamd"] });

    private static readonly Gauge SignaturesAge = Prometheus.Metrics.CreateGauge(
        "scanner_signatures_age_seconds",
        "Age of the signature database the clamd daemon reports in its VERSION answer; absent while the daemon is down or reports no database date.",
        new GaugeConfiguration { LabelNames = ["clamd"] });

    private static readonly Counter ScannedBytes = Prometheus.Metrics.CreateCounter(
        "scanner_scanned_bytes_total", "Bytes streamed into clamd, by scan jobs and by ScanStream calls.");

    public static void Answered(string clamd, DateTime? signatureTime, DateTime now)
    {
        Up.WithLabels(clamd).Set(1);
        if (signatureTime is { } built)
        {
            SignaturesAge.WithLabels(clamd).Set(Math.Max(0, (now - built).TotalSeconds));
        }
        else
        {
            // A database without a date (local signatures only): no age rather than a wrong one.
            SignaturesAge.RemoveLabelled(clamd);
        }
    }

    public static void Silent(string clamd)
    {
        Up.WithLabels(clamd).Set(0);
        SignaturesAge.RemoveLabelled(clamd);
    }

    public static void Scanned(long bytes)
    {
        if (bytes > 0)
        {
            ScannedBytes.Inc(bytes);
        }
    }
}
