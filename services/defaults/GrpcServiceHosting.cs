using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Ideation.ServiceDefaults.Logging;
using Ideation.ServiceDefaults.Metrics;
using Ideation.ServiceDefaults.Resilience;
using Ideation.ServiceDefaults.Shutdown;
using Ideation.ServiceDefaults.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.ServiceDefaults;

/// <summary>
/// What every gRPC service process of the platform does the same way: an h2c service port beside
/// the management port, the same middleware in the same order, and gRPC health that mirrors readiness.
/// </summary>
public static class GrpcServiceHosting
{
    /// <summary>
    /// Builds a service process. <paramref name="addServices"/> registers the service's own parts and
    /// <paramref name="mapServices"/> maps its gRPC services; the rest is common. <paramref name="serviceName"/>
    /// names the process in traces (ideas, documents, scanner).
    /// </summary>
    public static WebApplication CreateGrpcServiceHost(string[] args, string serviceName, Action<WebApplicationBuilder> addServices, Action<WebApplication> mapServices)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLogsAndTraces(serviceName);
        var hosting = builder.Configuration.GetHostingOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plain-text HTTP/2 only: without TLS there is no ALPN, so Http1AndHttp2 would mean HTTP/1.1.
            kestrel.Listen(IPAddress.Parse(hosting.BindAddress), hosting.ServicePort,
                listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ListenManagement(hosting);
        });

        addServices(builder);
        var app = builder.Build();
        mapServices(app);
        return app;
    }

    /// <summary>
    /// gRPC with per-call metrics and the platform's rule for text in requests (<see cref="TextFieldsInterceptor"/>),
    /// request bytes that do not decode refused as INVALID_ARGUMENT (<see cref="UndecodableRequests"/>), the intervals of the metrics loops (<see cref="MetricsOptions"/>),
    /// and grpc.health.v1 for native Kubernetes gRPC probes: NOT_SERVING, for the whole server and for
    /// <paramref name="serviceName"/>, exactly when a required dependency check fails, like /ready.
    /// Calls whose deadline passed are not worked on, and the deadline flows on into the calls the
    /// service makes (<see cref="DeadlineServerInterceptor"/>). SIGTERM drains (<see cref="GracefulShutdown"/>).
    /// Returns the health checks, for the service to add its dependencies.
    /// </summary>
    public static IHealthChecksBuilder AddGrpcServiceDefaults(this IServiceCollection services, string serviceName)
    {
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<GrpcServerMetricsInterceptor>();
            // After the metrics one, so that refused requests are counted with their status; a
            // call whose deadline has passed is refused before any other work.
            grpc.Interceptors.Add<DeadlineServerInterceptor>();
            grpc.Interceptors.Add<TextFieldsInterceptor>();
        });
        // A request that does not decode is the client's INVALID_ARGUMENT, not an UNKNOWN server fault.
        services.RefuseUndecodableRequests();
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .Validate(options => options.RedisPingInterval > TimeSpan.Zero && options.RefreshInterval > TimeSpan.Zero,
                $"{MetricsOptions.Section}:RedisPingInterval and {MetricsOptions.Section}:RefreshInterval must be above zero.")
            .ValidateOnStart();
        return services.AddGrpcHealthChecks(options =>
        {
            options.Services.Clear();
            options.Services.Map("", check => check.Tags.Contains(ManagementEndpoints.RequiredTag));
            options.Services.Map(serviceName, check => check.Tags.Contains(ManagementEndpoints.RequiredTag));
        }).AddGracefulShutdown();
    }

    /// <summary>The middleware every service runs before its endpoints, in this order.</summary>
    public static WebApplication UseGrpcServiceDefaults(this WebApplication app)
    {
        var hosting = app.Configuration.GetHostingOptions();
        app.UseManagementPort(hosting);
        app.UseRequestLog(hosting);
        app.UseRouting();
        app.UseRequestMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>gRPC health on the service port and /health, /ready, /metrics on the management port.</summary>
    public static WebApplication MapGrpcServiceDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapManagementEndpoints();
        return app;
    }
}
