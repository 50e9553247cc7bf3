using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Gateway.Tests.Transcoding.Support;
using Ideation.Gateway.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>Which of the two hosts of a <see cref="TranscodingPair"/> a service is being configured for.</summary>
public enum PairSide
{
    /// <summary>The service with Microsoft's in-process JSON transcoding, serving REST over HTTP/1.1.</summary>
    Reference,

    /// <summary>The service as a plain gRPC backend (h2c), behind the gateway's transcoder.</summary>
    Backend,
}

/// <summary>
/// A gRPC service to host twice: <paramref name="Configure"/> registers it (it is called once per
/// side, so that each side can get its own state, e.g. its own database) and <paramref name="Map"/>
/// maps it; <paramref name="Files"/> are the proto files whose HTTP rules the gateway transcodes.
/// </summary>
public sealed record HostedService(
    Action<WebApplicationBuilder, PairSide> Configure,
    Action<WebApplication> Map,
    IReadOnlyList<FileDescriptor> Files);

/// <summary>
/// One gRPC service hosted twice on real Kestrel loopback ports: once with Microsoft's JSON
/// transcoding (the reference) and once as an h2c backend behind the gateway's transcoder, hosted in
/// a small web application like the gateway's. Gives an HttpClient for each REST surface, so that
/// tests can send both the same request and compare the answers.
/// </summary>
public sealed class TranscodingPair : IAsyncDisposable
{
    private readonly WebApplication _reference;
    private readonly WebApplication _backend;
    private readonly GrpcChannel _backendChannel;
    private readonly TranscoderHost _gateway;

    private TranscodingPair(WebApplication reference, int referencePort, WebApplication backend, GrpcChannel backendChannel, TranscoderHost gateway)
    {
        _reference = reference;
        _backend = backend;
        _backendChannel = backendChannel;
        _gateway = gateway;
        Reference = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{referencePort}") };
    }

    /// <summary>REST through Microsoft's in-process JSON transcoding.</summary>
    public HttpClient Reference { get; }

    /// <summary>REST through the gateway's transcoder.</summary>
    public HttpClient Gateway => _gateway.Client;

    /// <summary>Native gRPC to the backend side, for what REST cannot do in both transcoders (seeding uploads, say).</summary>
    public GrpcChannel Backend => _backendChannel;

    /// <param name="service">The service to host on both sides.</param>
    /// <param name="configureTranscoding">Options of the gateway's transcoder.</param>
    /// <param name="wrapBackend">Puts something between the transcoder and the backend side (other destinations, say).</param>
    public static async Task<TranscodingPair> StartAsync(
        HostedService service, Action<TranscodingOptions>? configureTranscoding = null, Func<IGrpcBackend, IGrpcBackend>? wrapBackend = null)
    {
        var (reference, referencePort) = await TranscoderHost.StartWebApplicationAsync(HttpProtocols.Http1, builder =>
        {
            builder.Services.AddGrpc().AddJsonTranscoding(options =>
            {
                options.JsonSettings.WriteInt64sAsStrings = true;
                options.TypeRegistry = TypeRegistry.FromFiles([Google.Rpc.ErrorDetailsReflection.Descriptor, .. service.Files]);
            });
            service.Configure(builder, PairSide.Reference);
        }, service.Map);

        WebApplication? backend = null;
        GrpcChannel? channel = null;
        try
        {
            (backend, var backendPort) = await TranscoderHost.StartWebApplicationAsync(HttpProtocols.Http2, builder =>
            {
                builder.Services.AddGrpc();
                service.Configure(builder, PairSide.Backend);
            }, service.Map);

            // The gateway's own kind of channel, so that what reaches the transcoder is what it gets in production.
            channel = Ideation.Gateway.Routing.YarpGrpcBackend.CreateGrpcChannel($"http://127.0.0.1:{backendPort}");
            IGrpcBackend gatewayBackend = new ChannelBackend(channel);
            var gateway = await TranscoderHost.StartAsync(wrapBackend?.Invoke(gatewayBackend) ?? gatewayBackend, service.Files, configureTranscoding);
            return new TranscodingPair(reference, referencePort, backend, channel, gateway);
        }
        catch
        {
            channel?.Dispose();
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }

            await reference.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Reference.Dispose();
        await _gateway.DisposeAsync();
        _backendChannel.Dispose();
        await _backend.DisposeAsync();
        await _reference.DisposeAsync();
    }

    private sealed class ChannelBackend(GrpcChannel channel) : IGrpcBackend
    {
        private readonly CallInvoker _invoker = channel.CreateCallInvoker();

        public CallInvoker For(ServiceDescriptor service) => _invoker;
    }
}
