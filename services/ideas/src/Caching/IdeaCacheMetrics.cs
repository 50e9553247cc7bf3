using Prometheus;

namespace Ideation.Ideas.Caching;

/// <summary>How the idea cache answers: hits, misses, and reads or invalidations Redis could not take.</summary>
internal static class IdeaCacheMetrics
{
    private static readonly Counter Lookups = Prometheus.Metrics.CreateCounter(
        "ideas_cache_lookups_total", "GetIdea lookups in the idea cache, by result: hit, miss, or error (Redis unavailable or slow; served from PostgreSQL).",
        new CounterConfiguration { LabelNames = ["result"] });

    private static readonly Counter InvalidationFailures = Prometheus.Metrics.CreateCounter(
        "ideas_cache_invalidation_failures_total", "Changes whose cache invalidation did not reach Redis: the old idea may be served until its TTL ends.");

    public static readonly Counter.Child Hit = Lookups.WithLabels("hit");
    public static readonly Counter.Child Miss = Lookups.WithLabels("miss");
    public static readonly Counter.Child Error = Lookups.WithLabels("error");

    public static void InvalidationFailed() => InvalidationFailures.Inc();
}
