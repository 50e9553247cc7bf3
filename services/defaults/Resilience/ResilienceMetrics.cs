using Prometheus;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>What the circuit breakers, retry budgets and bulkheads of outgoing calls do, by target service.</summary>
internal static class ResilienceMetrics
{
    /// <summary>0 closed, 1 half-open (a trial call is let through), 2 open (calls fail at once).</summary>
    public static readonly Gauge CircuitState = Prometheus.Metrics.CreateGauge(
        "grpc_client_circuit_state", "State of the circuit breaker in front of a service this process calls: 0 closed, 1 half-open, 2 open.",
        new GaugeConfiguration { LabelNames = ["target"] });

    public static readonly Counter CircuitOpened = Prometheus.Metrics.CreateCounter(
        "grpc_client_circuit_opened_total", "Times the circuit breaker in front of a service opened.",
        new CounterConfiguration { LabelNames = ["target"] });

    public static readonly Counter Retries = Prometheus.Metrics.CreateCounter(
        "grpc_client_retries_total", "Retries of idempotent calls to a service after UNAVAILABLE or DEADLINE_EXCEEDED.",
        new CounterConfiguration { LabelNames = ["target"] });

    public static readonly Counter RetriesRefused = Prometheus.Metrics.CreateCounter(
        "grpc_client_retry_budget_exhausted_total", "Failed attempts not retried because the retry budget was spent.",
        new CounterConfiguration { LabelNames = ["target"] });

    public static readonly Counter BulkheadRejected = Prometheus.Metrics.CreateCounter(
        "grpc_client_bulkhead_rejected_total", "Calls to a service refused at once because its bulkhead (concurrent calls and their queue) was full.",
        new CounterConfiguration { LabelNames = ["target"] });
}
