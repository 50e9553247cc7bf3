using Grpc.Core;
using Grpc.Health.V1;
using Ideation.Gateway.Transcoding;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ideation.Gateway.Routing;

/// <summary>
/// Reports each backend service's gRPC health in the gateway's readiness body. A backend outage
/// degrades the gateway but never takes it out of its load balancer: it can still serve the others.
/// </summary>
public sealed class BackendHealthCheck(YarpGrpcBackend backend, IReadOnlyList<Google.Protobuf.Reflection.FileDescriptor> contracts) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unhealthy = new List<string>();
        var services = contracts.SelectMany(file => file.Services)
            .Where(service => backend.ClusterByService().ContainsKey(service.FullName));
        foreach (var service in services)
        {
            try
            {
                var client = new Health.HealthClient(backend.For(service));
                var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + ProbeTimeout, cancellationToken: cancellationToken);
                if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    unhealthy.Add($"{service.FullName}: {reply.Status}");
                }
            }
            catch (RpcException exception)
            {
                unhealthy.Add($"{service.FullName}: {exception.StatusCode}");
            }
        }

        return unhealthy.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(string.Join("; ", unhealthy));
    }
}
