using System.Diagnostics;
using Ideation.ServiceDefaults.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ideation.ServiceDefaults.Tracing;

/// <summary>
/// Spans for every process, exported with OTLP when an endpoint is configured. W3C trace context
/// flows whether or not anything is exported: ASP.NET Core continues the caller's traceparent and
/// HttpClient (YARP, gRPC clients, the S3 client) sends the current one on, so log lines correlate
/// by trace id even without a collector.
/// </summary>
public static class PlatformTracing
{
    /// <summary>The standard OpenTelemetry variables; either one turns the exporter on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    /// <summary>Every ActivitySource of the platform's own code is named <c>Ideation.*</c> (background work such as scan jobs).</summary>
    public const string PlatformSources = "Ideation.*";

    /// <summary>Npgsql's ActivitySource: what Npgsql.OpenTelemetry's AddNpgsql() subscribes to, without the package.</summary>
    public const string NpgsqlSource = "Npgsql";

    /// <summary>
    /// Grpc.Net.Client's ActivitySource. It starts an Activity for every call made inside a trace,
    /// listened to or not, and the HTTP/2 request beneath it is that Activity's child: recorded, it
    /// keeps the trace connected from caller to server.
    /// </summary>
    public const string GrpcClientSource = "Grpc.Net.Client";

    public const string ServiceNamespace = "ideation";

    /// <summary>
    /// Records spans (incoming requests, outgoing HTTP and gRPC calls, PostgreSQL commands, the
    /// platform's own work) as <paramref name="serviceName"/>, only when an OTLP endpoint is
    /// configured: without one nothing listens, so spans cost nothing. The exporter reads the other
    /// standard variables itself (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, _TIMEOUT, OTEL_BSP_*).
    /// </summary>
    public static WebApplicationBuilder AddPlatformTracing(this WebApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        if (!IsExportConfigured(configuration))
        {
            return builder;
        }

        var hosting = configuration.GetHostingOptions();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, ServiceNamespace))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RequestsAndJobsSampler()))
                .AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    aspNetCore.Filter = context => !context.IsInfrastructure(hosting);
                    aspNetCore.EnrichWithHttpResponse = NameAfterMatchedTemplate;
                })
                .AddHttpClientInstrumentation()
                .AddProcessor(new GrpcClientSpanNames())
                .AddSource(GrpcClientSource)
                .AddSource(NpgsqlSource)
                .AddSource(PlatformSources)
                .AddOtlpExporter());
        return builder;
    }

    private static bool IsExportConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]) || !string.IsNullOrWhiteSpace(configuration[OtlpTracesEndpointKey]);

    /// <summary>
    /// The gateway's REST transcoder matches routes itself, behind one catch-all endpoint: name its
    /// requests' spans after the HttpRule template matched (<c>POST /v1/{parent=ideas/*}/documents</c>),
    /// as the metrics do, instead of the catch-all.
    /// </summary>
    private static void NameAfterMatchedTemplate(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.Features.Get<RouteTemplateFeature>() is { } route)
        {
            activity.DisplayName = $"{response.HttpContext.Request.Method} {route.Template}";
            activity.SetTag("http.route", route.Template);
        }
    }
}
