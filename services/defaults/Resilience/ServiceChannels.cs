using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// gRPC channels from one service to another. One address is one channel, as a Kubernetes Service
/// address needs (<c>http://ideas:5101</c>; <c>dns:///ideas-headless:5101</c> balances over the pods
/// themselves). Several addresses (two instances on one machine) are balanced round robin by the
/// channel, which keeps calls off an instance whose connection fails and reconnects in the background.
/// </summary>
public static class ServiceChannels
{
    public static GrpcChannel Create(IReadOnlyList<string> addresses, GrpcChannelOptions options)
    {
        if (addresses.Count == 0)
        {
            throw new InvalidOperationException("A service channel needs at least one address.");
        }

        options.ServiceConfig ??= new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        // An instance back from a restart is used again within a second or two, not after the default
        // backoff's minutes: with two instances, the other one may be the next to restart.
        options.InitialReconnectBackoff = TimeSpan.FromMilliseconds(200);
        options.MaxReconnectBackoff = TimeSpan.FromSeconds(2);
        if (addresses.Count == 1)
        {
            return GrpcChannel.ForAddress(addresses[0], options);
        }

        var uris = addresses.Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"'{address}' is not an absolute http(s) address.")).ToList();
        if (uris.Select(uri => uri.Scheme).Distinct().Count() > 1)
        {
            throw new InvalidOperationException("Balanced addresses must all be http or all be https.");
        }

        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => uris.Select(uri => new BalancerAddress(uri.Host, uri.Port))));
        options.ServiceProvider = services.BuildServiceProvider();
        options.Credentials ??= uris[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return GrpcChannel.ForAddress("static:///balanced", options);
    }
}
