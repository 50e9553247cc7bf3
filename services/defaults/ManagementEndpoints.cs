using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace Ideation.ServiceDefaults;

/// <summary>Liveness, readiness and metrics on the management port of every process.</summary>
public static class ManagementEndpoints
{
    /// <summary>Health checks with this tag gate readiness; any other check is only reported.</summary>
    public const string RequiredTag = "required";

    public static HostingOptions GetHostingOptions(this IConfiguration configuration) =>
        configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();

    /// <summary>Listens on the management port over plain HTTP/1.1.</summary>
    public static void ListenManagement(this KestrelServerOptions kestrel, HostingOptions hosting) =>
        kestrel.Listen(IPAddress.Parse(hosting.BindAddress), hosting.ManagementPort,
            listen => listen.Protocols = HttpProtocols.Http1);

    public static IHealthChecksBuilder AddManagementHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks();

    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints, HostingOptions hosting)
    {
        var managementHost = $"*:{hosting.ManagementPort}";

        // Liveness runs no check: a dependency outage must flip readiness, never restart the process.
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false })
            .RequireHost(managementHost);

        endpoints.MapHealthChecks("/ready", new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
            // A degraded dependency that is not required is reported in the body while staying 200.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).RequireHost(managementHost);

        endpoints.MapMetrics().RequireHost(managementHost);
        return endpoints;
    }

    /// <summary>Exports request counts and latency histograms for every request.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.UseHttpMetrics();

    /// <summary>
    /// Registers a readiness check for a dependency. Required ones make /ready answer 503 when down;
    /// optional ones report Degraded and keep the process in its load balancer.
    /// </summary>
    public static IHealthChecksBuilder AddDependencyCheck(
        this IHealthChecksBuilder builder, string name, Func<CancellationToken, Task<bool>> probe, bool required)
    {
        var failure = required ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        return builder.AddAsyncCheck(name, async cancellationToken =>
        {
            try
            {
                return await probe(cancellationToken) ? HealthCheckResult.Healthy() : new HealthCheckResult(failure, $"{name} did not answer");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new HealthCheckResult(failure, $"{name} is unreachable: {exception.GetType().Name}");
            }
        }, required ? [RequiredTag] : []);
    }
}
