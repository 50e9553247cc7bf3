namespace Ideation.Bench.Load;

/// <summary>What one h2load run reports, and the latency percentiles of its per-request log.</summary>
/// <param name="Started">Requests sent: at the end of a timed run, some are still in flight and never counted as done.</param>
/// <param name="Succeeded">h2load's "succeeded": responses with a 2xx status. gRPC errors travel with 200, so check <see cref="DataBytes"/> too.</param>
/// <param name="Status2xx">Responses with a 2xx status, from the "status codes" line.</param>
/// <param name="DataBytes">Bytes of response DATA frames (bodies; gRPC trailers are HEADERS and not counted).</param>
/// <param name="Latency">From the per-request log, 2xx responses only; null without one.</param>
public sealed record H2LoadResult(
    double RequestsPerSecond,
    long Total,
    long Started,
    long Succeeded,
    long Failed,
    long Errored,
    long Status2xx,
    long DataBytes,
    TimeSpan Elapsed,
    LatencyPercentiles? Latency)
{
    /// <summary>
    /// Every answered request carried exactly <paramref name="bytesPerResponse"/> body bytes (a gRPC
    /// error carries none). A timed run stops with requests in flight: h2load counts a 2xx status as
    /// soon as the headers arrive, but success only at the end of the stream, so whole bodies of at
    /// most the 2xx answers not yet succeeded may come on top; nothing less is allowed.
    /// </summary>
    public bool BodiesAre(long bytesPerResponse)
    {
        var extra = DataBytes - bytesPerResponse * Succeeded;
        return Succeeded > 0 && Status2xx >= Succeeded && Status2xx <= Started
            && extra >= 0 && extra % bytesPerResponse == 0 && extra / bytesPerResponse <= Status2xx - Succeeded;
    }
}

/// <summary>Request durations in milliseconds.</summary>
public sealed record LatencyPercentiles(double Mean, double P50, double P99, double P999, int Count)
{
    public static LatencyPercentiles Of(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No latencies.", nameof(milliseconds));
        }

        double At(double p) => NearestRank(sorted, p);
        return new LatencyPercentiles(sorted.Average(), At(0.50), At(0.99), At(0.999), sorted.Length);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the samples (sorted ascending) at or below it.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
