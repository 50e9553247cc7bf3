using Grpc.Net.Client;

namespace Ideation.Testing;

/// <summary>
/// gRPC channels for tests, each to one fixed address. Their connections are left to HttpClient
/// (grpc-dotnet's passive transport) rather than to grpc-dotnet's own connectivity layer, which it
/// uses by default for a plain SocketsHttpHandler. That layer exists to balance over several
/// addresses, which a test channel never has, and after a reconnect a call without a deadline can
/// wait in it for a new picker that never comes (grpc/grpc-dotnet#2297): the documents tests hung
/// that way, with every channel idle and the server holding a connected socket that never sent its
/// first frame. The services' own channels keep the layer: they balance over instances, and every
/// call of theirs has a deadline.
/// </summary>
public static class TestChannels
{
    /// <summary>The SocketsHttpHandler property grpc-dotnet reads to leave connections to HttpClient.</summary>
    private const string LoadBalancingDisabled = "__GrpcLoadBalancingDisabled";

    /// <summary>A channel to <paramref name="address"/>; <paramref name="options"/> (one object per channel) gets its handler set when it has none.</summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    /// <inheritdoc cref="ForAddress(string, GrpcChannelOptions?)"/>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (options.HttpClient is null)
        {
            if (options.HttpHandler is null)
            {
                // What grpc-dotnet creates when given no handler.
                options.HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
                options.DisposeHttpClient = true;
            }

            if (Innermost(options.HttpHandler) is SocketsHttpHandler sockets)
            {
                sockets.Properties[LoadBalancingDisabled] = true;
            }
        }

        return GrpcChannel.ForAddress(address, options);
    }

    private static HttpMessageHandler? Innermost(HttpMessageHandler? handler)
    {
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        return handler;
    }
}
