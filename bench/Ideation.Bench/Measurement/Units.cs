namespace Ideation.Bench.Measurement;

/// <summary>Sizes in MiB (what limits are set in), rates in MB/s (10^6 bytes per second, what tools print).</summary>
public static class Units
{
    public const int MiB = 1024 * 1024;

    public static double MegabytesPerSecond(long bytes, TimeSpan elapsed) => bytes / 1e6 / elapsed.TotalSeconds;

    public static double Mebibytes(long bytes) => bytes / (double)MiB;
}
