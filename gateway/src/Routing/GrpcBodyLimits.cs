using Google.Protobuf.Reflection;
using Yarp.ReverseProxy.Configuration;

namespace Ideation.Gateway.Routing;

/// <summary>
/// Gives each native gRPC route (a YARP route whose metadata names its service) the request body limit
/// its service needs, read from the service's descriptor: a service with a client-streaming method
/// takes uploads and gets the upload limit; any other service gets the small default. A
/// <c>MaxRequestBodySize</c> set on a route in configuration wins.
/// </summary>
/// <remarks>
/// YARP applies a route's <c>MaxRequestBodySize</c> to plain HTTP requests; for gRPC over HTTP/2 it
/// lifts every limit, so <see cref="GrpcRequestBodyLimit"/> enforces the route's.
/// </remarks>
public sealed class GrpcBodyLimits : IProxyConfigFilter
{
    private readonly HashSet<string> _uploadServices;

    public GrpcBodyLimits(IEnumerable<FileDescriptor> files, long maxUploadBytes, long maxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        _uploadServices = files
            .SelectMany(file => file.Services)
            .Where(service => service.Methods.Any(method => method.IsClientStreaming))
            .Select(service => service.FullName)
            .ToHashSet(StringComparer.Ordinal);
        MaxUploadBytes = maxUploadBytes;
        MaxRequestBodyBytes = maxRequestBodyBytes;
    }

    public long MaxUploadBytes { get; }

    public long MaxRequestBodyBytes { get; }

    /// <summary>Whether the service (by full name) has a client-streaming method, that is, takes uploads.</summary>
    public bool TakesUploads(string service) => _uploadServices.Contains(service);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.MaxRequestBodySize is not null || route.Metadata?.GetValueOrDefault(YarpGrpcBackend.ServiceMetadataKey) is not { } service)
        {
            return ValueTask.FromResult(route);
        }

        return ValueTask.FromResult(route with { MaxRequestBodySize = TakesUploads(service) ? MaxUploadBytes : MaxRequestBodyBytes });
    }

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);
}
