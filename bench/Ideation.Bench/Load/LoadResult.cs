namespace Ideation.Bench.Load;

/// <summary>What one load run measured: requests that succeeded, their rate and latency percentiles.</summary>
/// <param name="Succeeded">Requests answered successfully (for gRPC: with a response message, checked by bytes).</param>
/// <param name="Failed">Requests that failed or got an error status.</param>
/// <param name="DataBytesPerSuccess">Response body bytes per successful request: tells a real answer from an error.</param>
public sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms, double P999Ms, double DataBytesPerSuccess)
{
    public double RequestsPerSecond => Succeeded / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{RequestsPerSecond:0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms, p99.9 {P999Ms:0.00} ms{(Failed > 0 ? $", {Failed} failed" : "")}";

    /// <summary>Percentiles of latencies in milliseconds, nearest rank.</summary>
    public static (double P50, double P99, double P999) Percentiles(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        milliseconds.Sort();
        double At(double fraction) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(fraction * milliseconds.Count) - 1)];
        return (At(0.50), At(0.99), At(0.999));
    }
}
