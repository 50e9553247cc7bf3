using Prometheus;

namespace Ideation.Gateway.Limits;

/// <summary>The limiter's series (docs/observability.md): its decisions and its falls back to the local limit.</summary>
internal static class RateLimitMetrics
{
    private static readonly Counter Decisions = Metrics.CreateCounter(
        "gateway_rate_limit_decisions_total", "Rate limit decisions, by result (allowed, refused_user, refused_client_address) and store (redis, local).",
        new CounterConfiguration { LabelNames = ["result", "store"] });

    private static readonly Counter Fallbacks = Metrics.CreateCounter(
        "gateway_rate_limit_redis_failures_total", "Times Redis could not decide and the local limit did, by reason (disconnected, timeout, error).",
        new CounterConfiguration { LabelNames = ["reason"] });

    private static readonly Gauge Shared = Metrics.CreateGauge(
        "gateway_rate_limit_shared", "1 while the limits are shared through Redis, 0 while this replica limits alone.");

    public static void Decided(RateLimitDecision decision)
    {
        var result = decision.RefusedBy switch
        {
            LimitKind.None => "allowed",
            LimitKind.User => "refused_user",
            _ => "refused_client_address",
        };
        var store = decision.Store == LimitStore.Redis ? "redis" : "local";
        Decisions.WithLabels(result, store).Inc();
        Shared.Set(decision.Store == LimitStore.Redis ? 1 : 0);
    }

    public static void RedisFailed(string reason) => Fallbacks.WithLabels(reason).Inc();
}
