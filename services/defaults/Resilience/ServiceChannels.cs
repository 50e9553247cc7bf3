using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// gRPC channels from one service to another. One address is one channel, as a Kubernetes Service
/// address needs (<c>http://ideas:5101</c>; <c>dns:///ideas-headless:5101</c> balances over the pods
/// themselves). Several addresses (two instances on one machine) are balanced round robin by the
/// channel over the instances whose gRPC health says SERVING (<see cref="HealthCheckedResolver"/>):
/// an instance that starts draining leaves the rotation before it stops listening, and a restarted
/// one joins again once it serves.
/// </summary>
public static class ServiceChannels
{
    /// <summary>
    /// How often a balanced channel asks every instance whether it serves. An instance's
    /// Hosting:ShutdownDelay must exceed it, with a margin, for callers to leave before it stops listening.
    /// </summary>
    public static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long an instance may take to answer a health check before it counts as not serving.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(2);

    /// <param name="loggerFactory">For the resolver's log of instances leaving and joining the rotation; none when null.</param>
    public static GrpcChannel Create(IReadOnlyList<string> addresses, GrpcChannelOptions options, ILoggerFactory? loggerFactory = null)
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
        services.AddSingleton<ResolverFactory>(new HealthCheckedResolverFactory(() => new HealthCheckedResolver(uris, HealthCheckInterval, HealthCheckTimeout, loggerFactory)));
        options.ServiceProvider = services.BuildServiceProvider();
        options.Credentials ??= uris[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return GrpcChannel.ForAddress($"{HealthCheckedResolverFactory.Scheme}:///balanced", options);
    }
}

/// <summary>Creates the <see cref="HealthCheckedResolver"/> of a balanced channel (its address's scheme).</summary>
internal sealed class HealthCheckedResolverFactory(Func<Resolver> create) : ResolverFactory
{
    public const string Scheme = "healthchecked";

    public override string Name => Scheme;

    public override Resolver Create(ResolverOptions options) => create();
}
