using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ideation.ServiceDefaults.Shutdown;

/// <summary>A required readiness check that fails once the process is draining.</summary>
internal sealed class DrainHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining
            ? HealthCheckResult.Unhealthy("shutting down: finishing in-flight requests, taking no new ones")
            : HealthCheckResult.Healthy());
}
