namespace Ideation.Bench.Stack;

/// <summary>
/// One scanner instance's own account of its work, from its /metrics: scans finished, the time they
/// took (job taken to verdict recorded, scanner_scan_duration_seconds) and the bytes streamed into
/// clamd. Two readings give the scans in between without parsing any log.
/// </summary>
public sealed record ScannerMetrics(double Scans, double ScanSeconds, double ScannedBytes)
{
    public static async Task<ScannerMetrics> ReadAsync(Uri metrics)
    {
        var value = await PrometheusText.ReadAsync(metrics);
        return new ScannerMetrics(value("scanner_scan_duration_seconds_count"), value("scanner_scan_duration_seconds_sum"), value("scanner_scanned_bytes_total"));
    }

    public static async Task<ScannerMetrics> SumAsync(IEnumerable<Uri> scanners)
    {
        var readings = await Task.WhenAll(scanners.Select(ReadAsync));
        return new ScannerMetrics(readings.Sum(r => r.Scans), readings.Sum(r => r.ScanSeconds), readings.Sum(r => r.ScannedBytes));
    }

    public ScannerMetrics Since(ScannerMetrics before) => new(Scans - before.Scans, ScanSeconds - before.ScanSeconds, ScannedBytes - before.ScannedBytes);
}
