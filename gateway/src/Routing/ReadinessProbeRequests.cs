using System.Net;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Ideation.Gateway.Routing;

/// <summary>
/// YARP's active health probes, sent where the services answer them: a destination's <c>Health</c>
/// address is its management port, which speaks HTTP/1.1 only (the service port is h2c and answers no
/// readiness), so the probe is HTTP/1.1 whatever the cluster's HTTP/2 setting for calls says. The path
/// is the cluster's <c>HealthCheck:Active:Path</c>, <c>/ready</c> by default: an instance that is
/// draining or has lost a required dependency leaves the rotation until it is ready again.
/// </summary>
internal sealed class ReadinessProbeRequests : IProbingRequestFactory
{
    public const string DefaultPath = "/ready";

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var config = destination.Config;
        var baseAddress = new Uri(string.IsNullOrEmpty(config.Health) ? config.Address : config.Health, UriKind.Absolute);
        var active = cluster.Config.HealthCheck?.Active;
        var path = string.IsNullOrEmpty(active?.Path) ? DefaultPath : active.Path;
        var probe = new UriBuilder(baseAddress) { Path = path, Query = active?.Query ?? "" }.Uri;
        return new HttpRequestMessage(HttpMethod.Get, probe)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
