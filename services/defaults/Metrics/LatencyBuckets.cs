namespace Ideation.ServiceDefaults.Metrics;

/// <summary>Histogram buckets of every latency metric, so that HTTP and gRPC panels line up.</summary>
internal static class LatencyBuckets
{
    /// <summary>5 ms to 10 s: fast reads and slow uploads both land inside the range.</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
