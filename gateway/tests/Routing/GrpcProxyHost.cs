using Grpc.Health.V1;
using Grpc.Net.Client;
using Ideation.Gateway.Routing;
using Ideation.Gateway.Tests.Transcoding.Equivalence;
using Ideation.Gateway.Tests.Transcoding.Support;
using Ideation.Testing.Transcoding.V1;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace Ideation.Gateway.Tests.Routing;

/// <summary>
/// The gateway's native gRPC proxying (YARP with <see cref="GrpcProxyExtensions"/> and the unrouted
/// fallback) on a real Kestrel h2c port, in front of the test service and the gRPC health service,
/// each with its own route: the test service takes uploads (a client-streaming method), health does not.
/// </summary>
public sealed class GrpcProxyHost : IAsyncDisposable
{
    public const long MaxUploadBytes = 1024 * 1024;
    public const long MaxRequestBodyBytes = 64 * 1024;

    private readonly WebApplication _backend;
    private readonly WebApplication _proxy;

    private GrpcProxyHost(WebApplication backend, WebApplication proxy, int proxyPort)
    {
        _backend = backend;
        _proxy = proxy;
        Channel = TestChannels.ForAddress($"http://127.0.0.1:{proxyPort}");
    }

    /// <summary>A channel to the proxy.</summary>
    public GrpcChannel Channel { get; }

    public static async Task<GrpcProxyHost> StartAsync()
    {
        var (backend, backendPort) = await TranscoderHost.StartWebApplicationAsync(HttpProtocols.Http2, builder =>
        {
            builder.Services.AddGrpc();
            builder.Services.AddGrpcHealthChecks();
        }, app =>
        {
            app.MapGrpcService<TestService>();
            app.MapGrpcHealthChecksService();
        });

        try
        {
            var (proxy, proxyPort) = await TranscoderHost.StartWebApplicationAsync(HttpProtocols.Http2, builder =>
                builder.Services.AddReverseProxy()
                    .LoadFromMemory([Route(TranscodingTestService.Descriptor.FullName), Route(Health.Descriptor.FullName)], [Cluster(backendPort)])
                    .AddGrpcBodyLimits([TranscodingTestReflection.Descriptor, HealthReflection.Descriptor], MaxUploadBytes, MaxRequestBodyBytes),
                app =>
                {
                    app.MapGrpcProxy();
                    app.MapUnroutedRequests();
                });
            return new GrpcProxyHost(backend, proxy, proxyPort);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _proxy.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static RouteConfig Route(string service) => new()
    {
        RouteId = service,
        ClusterId = "backend",
        Match = new RouteMatch { Path = $"/{service}/{{**method}}" },
        Metadata = new Dictionary<string, string> { [YarpGrpcBackend.ServiceMetadataKey] = service },
    };

    private static ClusterConfig Cluster(int port) => new()
    {
        ClusterId = "backend",
        HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        },
        Destinations = new Dictionary<string, DestinationConfig> { ["backend"] = new() { Address = $"http://127.0.0.1:{port}" } },
    };
}
