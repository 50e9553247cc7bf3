using System.Collections.Concurrent;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.ServiceDefaults.Metrics;
using Ideation.Gateway.Transcoding;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace Ideation.Gateway.Routing;

/// <summary>
/// Sends transcoded calls to the same backends YARP proxies native gRPC to: the cluster of the route
/// whose metadata names the service, spread over the destinations YARP currently considers available.
/// One configuration of clusters serves both surfaces.
/// </summary>
public sealed class YarpGrpcBackend(IProxyStateLookup proxyState, IProxyConfigProvider configProvider) : IGrpcBackend, IDisposable
{
    /// <summary>Route metadata key naming the gRPC service (full name) a route serves.</summary>
    public const string ServiceMetadataKey = "GrpcService";

    /// <summary>grpc-dotnet's switch (a SocketsHttpHandler property) for a channel without its own balancer.</summary>
    private const string DisableGrpcLoadBalancing = "__GrpcLoadBalancingDisabled";

    private readonly ConcurrentDictionary<string, (GrpcChannel Channel, CallInvoker Invoker)> _channelsByAddress = new();
    private readonly GrpcClientMetricsInterceptor _metrics = new();
    private (IProxyConfig Config, Dictionary<string, string> ClusterByService)? _routing;
    private uint _nextDestination;

    public CallInvoker For(ServiceDescriptor service) => For(service, []);

    /// <summary>
    /// The next available destination in turn, skipping those that refused this call. The turn is
    /// shared by every call, so without the skip a call sent again while a stopped destination is
    /// still listed available could be given the same one on every attempt (one call in eight, with
    /// two destinations and three attempts).
    /// </summary>
    public CallInvoker For(ServiceDescriptor service, IReadOnlyCollection<CallInvoker> refused)
    {
        var clusterId = ClusterFor(service.FullName)
            ?? throw new RpcException(new Status(StatusCode.Unimplemented, $"No backend is configured for {service.FullName}."));

        if (!proxyState.TryGetCluster(clusterId, out var cluster) || cluster.DestinationsState.AvailableDestinations is not { Count: > 0 } destinations)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"No healthy backend for {service.FullName}."));
        }

        var start = Interlocked.Increment(ref _nextDestination);
        CallInvoker? firstInTurn = null;
        for (var offset = 0u; offset < destinations.Count; offset++)
        {
            var destination = destinations[(int)((start + offset) % (uint)destinations.Count)];
            var invoker = _channelsByAddress.GetOrAdd(destination.Model.Config.Address, CreateChannel).Invoker;
            if (!refused.Contains(invoker))
            {
                return invoker;
            }

            firstInTurn ??= invoker;
        }

        // Every destination refused it once: each may be listening again by now.
        return firstInTurn!;
    }

    /// <summary>The clusters serving gRPC services, for readiness reporting.</summary>
    public IReadOnlyDictionary<string, string> ClusterByService() => Routing().ClusterByService;

    private string? ClusterFor(string serviceFullName) =>
        Routing().ClusterByService.GetValueOrDefault(serviceFullName);

    private (IProxyConfig Config, Dictionary<string, string> ClusterByService) Routing()
    {
        var config = configProvider.GetConfig();
        var routing = _routing;
        if (routing is { } current && ReferenceEquals(current.Config, config))
        {
            return current;
        }

        // Rebuilt only when YARP's configuration object changes (a reload), never per request.
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in config.Routes)
        {
            if (route.ClusterId is { } clusterId && route.Metadata?.GetValueOrDefault(ServiceMetadataKey) is { } service)
            {
                map[service] = clusterId;
            }
        }

        var built = (config, map);
        _routing = built;
        return built;
    }

    private (GrpcChannel, CallInvoker) CreateChannel(string address)
    {
        var channel = CreateGrpcChannel(address);
        return (channel, channel.Intercept(_metrics));
    }

    /// <summary>A channel to one backend address, as the transcoder needs it (tests use it too).</summary>
    internal static GrpcChannel CreateGrpcChannel(string address)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection caps concurrent streams at the server's limit (100 by default).
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        };
        // YARP's health checks decide which destination serves (For): the channel must simply connect
        // when asked. With grpc-dotnet's balancer, a channel whose backend restarted stays in
        // reconnect backoff (up to two minutes) and fails calls with "Error connecting to subchannel"
        // although the destination is ready again and YARP sends calls to it.
        handler.Properties[DisableGrpcLoadBalancing] = true;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new ContentHeadersAsMetadataHandler(handler),
            DisposeHttpClient = true,
        });
    }

    public void Dispose()
    {
        foreach (var (channel, _) in _channelsByAddress.Values)
        {
            channel.Dispose();
        }
    }
}
