using Ideation.Gateway.Browser;
using Ideation.Gateway.Hosting;
using Ideation.Gateway.Limits;
using Ideation.Gateway.OpenApi;
using Ideation.Gateway.Routing;
using Ideation.Gateway.Security;
using Ideation.Gateway.Transcoding;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Logging;
using Ideation.ServiceDefaults.Shutdown;

namespace Ideation.Gateway;

/// <summary>Builds the gateway: TLS edge, authentication, native gRPC proxying and REST transcoding.</summary>
public static class GatewayHost
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLogsAndTraces("gateway");
        var hosting = builder.Configuration.GetHostingOptions();
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGateway(gateway, hosting));
        builder.AddGatewayServices(gateway);

        var app = builder.Build();
        app.MapGateway(gateway, hosting);
        return app;
    }

    private static void AddGatewayServices(this WebApplicationBuilder builder, GatewayOptions gateway)
    {
        var services = builder.Services;
        // Every proto compiled into the contracts assembly; a newly annotated RPC needs no code here.
        var contracts = ContractDescriptors.FromAssembly(typeof(Contracts.Ideas.V1.IdeaService).Assembly);

        services.AddSingleton(gateway);
        services.AddSingleton(contracts);
        services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddGrpcBodyLimits(contracts, gateway.MaxUploadBytes, gateway.MaxRequestBodyBytes);
        // Active health checks probe each destination's management port for readiness.
        services.AddSingleton<Yarp.ReverseProxy.Health.IProbingRequestFactory, ReadinessProbeRequests>();
        services.AddSingleton<YarpGrpcBackend>();
        services.AddSingleton<IGrpcBackend>(provider => provider.GetRequiredService<YarpGrpcBackend>());
        services.AddRestTranscoding(contracts, transcoding =>
        {
            transcoding.Deadline = gateway.DefaultCallTimeout;
            transcoding.TransferDeadline = gateway.TransferTimeout;
            transcoding.MaxUploadBytes = gateway.MaxUploadBytes;
            transcoding.MaxRequestBodyBytes = gateway.MaxRequestBodyBytes;
        });
        services.AddGatewayAuthentication(builder.Configuration, gateway.TokenCacheEntries);
        services.AddRateLimits(builder.Configuration);
        services.AddGatewayCors(builder.Configuration);
        services.AddHealthChecks().AddCheck<BackendHealthCheck>("backends").AddGracefulShutdown();
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
    }

    private static void MapGateway(this WebApplication app, GatewayOptions gateway, HostingOptions hosting)
    {
        app.UseManagementPort(hosting);
        app.UseHttpsOnly(gateway);
        app.UseRequestLog(hosting);
        app.UseHsts();
        app.UseSecurityHeaders(hosting.ManagementPort);
        app.UseRequestMetrics();
        app.UseDrainDeadline();
        // Before the limits, so that a browser can read a 429 of an allowed origin.
        app.UseGatewayCors();
        app.UseAuthentication();
        // Between authentication (reads the token) and authorization (refuses a bad one): see RateLimitMiddleware.
        app.UseRateLimits(hosting);
        app.UseAuthorization();

        app.MapManagementEndpoints();
        app.MapOpenApiDocument().AllowAnonymous();
        app.MapGrpcProxy();
        app.MapRestTranscoding().RequireAuthorization();
        app.MapUnroutedRequests();
    }

    /// <summary>The plain-HTTP listener answers every request with a permanent redirect to HTTPS.</summary>
    private static void UseHttpsOnly(this WebApplication app, GatewayOptions gateway) =>
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != gateway.HttpPort || gateway.HttpPort == 0)
            {
                return next(context);
            }

            var request = context.Request;
            var host = new HostString(request.Host.Host, gateway.HttpsPort);
            context.Response.Redirect($"https://{host}{request.PathBase}{request.Path}{request.QueryString}", permanent: true, preserveMethod: true);
            return Task.CompletedTask;
        });
}
