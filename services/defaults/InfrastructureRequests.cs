using Microsoft.AspNetCore.Http;

namespace Ideation.ServiceDefaults;

/// <summary>
/// Requests of the infrastructure, not of users: probes and scrapes on the management port, /health
/// for load balancers, grpc.health.v1 for Kubernetes and the gateway. Each process answers several a
/// second; in the access log or in traces they would drown the requests of users.
/// </summary>
internal static class InfrastructureRequests
{
    private const string GrpcHealthPrefix = "/grpc.health.v1.Health";

    public static bool IsInfrastructure(this HttpContext context, HostingOptions hosting) =>
        context.Connection.LocalPort == hosting.ManagementPort
        || context.Request.Path == ManagementEndpoints.HealthPath
        || context.Request.Path.StartsWithSegments(GrpcHealthPrefix, StringComparison.Ordinal);
}
