namespace Ideation.Testing.Monitoring;

/// <summary>Series Prometheus writes itself: no process exports them, and no catalogue lists them.</summary>
public static class PrometheusOwnSeries
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "up", "ALERTS", "ALERTS_FOR_STATE" };

    public static bool Contains(string name) => Names.Contains(name) || name.StartsWith("scrape_", StringComparison.Ordinal);
}
