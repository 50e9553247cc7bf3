using Ideation.ServiceDefaults.Logging;
using Ideation.ServiceDefaults.Tracing;
using Microsoft.AspNetCore.Builder;

namespace Ideation.ServiceDefaults;

/// <summary>Logs and traces, the same way in the gateway and every service.</summary>
public static class Telemetry
{
    /// <summary>
    /// JSON log lines with trace and span ids, and spans exported over OTLP when configured.
    /// <paramref name="serviceName"/> is the process's <c>service.name</c>: gateway, ideas, documents or scanner,
    /// the same names as the <c>component</c> label of its metrics.
    /// </summary>
    public static WebApplicationBuilder AddLogsAndTraces(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddPlatformLogging();
        return builder.AddPlatformTracing(serviceName);
    }
}
