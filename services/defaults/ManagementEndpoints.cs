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

    public const string HealthPath = "/health";
    public const string ReadyPath = "/ready";
    public const string MetricsPath = "/metrics";

    public static HostingOptions GetHostingOptions(this IConfiguration configuration) =>
        configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();

    /// <summary>Listens on the management port over plain HTTP/1.1.</summary>
    public static void ListenManagement(this KestrelServerOptions kestrel, HostingOptions hosting) =>
        kestrel.Listen(IPAddress.Parse(hosting.BindAddress), hosting.ManagementPort,
            listen => listen.Protocols = HttpProtocols.Http1);

    /// <summary>
    /// Keeps the management port and the service port apart by the port a request arrived on (the
    /// Host header is the client's to choose): /ready and /metrics answer only on the management port,
    /// which serves nothing else. /health (cheap liveness) answers everywhere, for load balancers.
    /// </summary>
    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app, HostingOptions hosting) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path == HealthPath)
            {
                return next(context);
            }

            var onManagementPort = context.Connection.LocalPort == hosting.ManagementPort;
            var isManagementPath = path == ReadyPath || path == MetricsPath;
            if (onManagementPort != isManagementPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Before the first scrape, which starts the adapter for .NET meters.
        Metrics.MeterExport.Configure();
        // Liveness runs no check: a dependency outage must flip readiness, never restart the process.
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();

        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
            // A degraded dependency that is not required is reported in the body while staying 200.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

        // The management port is reachable only inside the cluster (network policy); scrapers carry no token.
        endpoints.MapMetrics(MetricsPath).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Exports request counts and latency histograms for every request (<c>http_requests_total</c>, <c>http_request_duration_seconds</c>).</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.Use(Metrics.HttpRequestMetrics.InvokeAsync);

    /// <summary>
    /// Registers a readiness check for a dependency. Required ones make /ready answer 503 when down;
    /// optional ones report Degraded and keep the process in its load balancer.
    /// </summary>
    public static IHealthChecksBuilder AddDependencyCheck(
        this IHealthChecksBuilder builder, string name, Func<CancellationToken, Task<bool>> probe, bool required) =>
        builder.AddDependencyCheck<IServiceProvider>(name, (_, cancellationToken) => probe(cancellationToken), required);

    /// <summary>
    /// The same, for a probe that needs a registered service (a storage client built from options):
    /// <typeparamref name="TDependency"/> is resolved when the check runs.
    /// </summary>
    public static IHealthChecksBuilder AddDependencyCheck<TDependency>(
        this IHealthChecksBuilder builder, string name, Func<TDependency, CancellationToken, Task<bool>> probe, bool required)
        where TDependency : notnull
    {
        var failure = required ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new DependencyProbe(name, cancellationToken => probe(services.GetRequiredService<TDependency>(), cancellationToken), failure),
            failure,
            required ? [RequiredTag] : []));
    }

    private sealed class DependencyProbe(string name, Func<CancellationToken, Task<bool>> probe, HealthStatus failure) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                return await probe(cancellationToken) ? HealthCheckResult.Healthy() : new HealthCheckResult(failure, $"{name} did not answer");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new HealthCheckResult(failure, $"{name} is unreachable: {exception.GetType().Name}");
            }
        }
    }
}
