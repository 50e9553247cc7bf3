using Google.Protobuf.Reflection;

namespace Ideation.Gateway.Routing;

/// <summary>Native gRPC proxying with YARP: per-service body limits and refusals a gRPC client understands.</summary>
public static class GrpcProxyExtensions
{
    /// <summary>
    /// Sets each gRPC route's body limit from its service's descriptor in <paramref name="files"/> (see
    /// <see cref="GrpcBodyLimits"/>).
    /// </summary>
    public static IReverseProxyBuilder AddGrpcBodyLimits(
        this IReverseProxyBuilder proxy, IEnumerable<FileDescriptor> files, long maxUploadBytes, long maxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var limits = new GrpcBodyLimits(files, maxUploadBytes, maxRequestBodyBytes);
        proxy.Services.AddSingleton(limits);
        proxy.Services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigFilter>(limits);
        return proxy;
    }

    /// <summary>
    /// Maps YARP's routes with its default pipeline (session affinity, load balancing, passive health
    /// checks) after <see cref="GrpcRequestBodyLimit"/>, which must wrap the body before the forwarder
    /// reads it, and see how forwarding ended.
    /// </summary>
    public static ReverseProxyConventionBuilder MapGrpcProxy(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.Use(GrpcRequestBodyLimit.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
}
