namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// How often the metrics that come from a probe or a query are taken. Section <c>Metrics</c>. They are
/// taken by background loops, never on a scrape, so that a scrape costs no query and a slow
/// dependency never slows a scrape down.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Pause between the PINGs behind <c>redis_round_trip_seconds</c>.</summary>
    public TimeSpan RedisPingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pause between refreshes of the gauges read from PostgreSQL (outboxes, the scan queue) and
    /// from clamd (up, signature age).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
