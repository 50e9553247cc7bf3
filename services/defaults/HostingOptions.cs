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
}
