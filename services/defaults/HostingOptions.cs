namespace Ideation.ServiceDefaults;

/// <summary>Where a process listens. Bound from the <c>Hosting</c> configuration section.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>127.0.0.1 for local runs and tests; 0.0.0.0 in containers.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The service's own port: h2c gRPC for services.</summary>
    public int ServicePort { get; set; }

    /// <summary>
    /// HTTP/1.1 port for /health, /ready and /metrics. Kept apart because an h2c-only service port
    /// cannot answer HTTP/1.1 probes or scrapes, and so that the gateway never routes them.
    /// </summary>
    public int ManagementPort { get; set; }

    /// <summary>
    /// On SIGTERM, how long the process keeps serving with readiness already false before it stops
    /// accepting, so that load balancers polling readiness (the gateway's active health checks) stop
    /// sending new work first. 0 where something else does that (Kubernetes: the preStop sleep, while
    /// the pod leaves the Service's endpoints).
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Once it stops accepting, how long the process waits for in-flight requests (and background work
    /// such as the current scan) before it exits anyway. With <see cref="ShutdownDelay"/> it makes the
    /// host's shutdown timeout, which the pod's terminationGracePeriodSeconds must exceed.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
