using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ideation.ServiceDefaults.Shutdown;

/// <summary>How every process of the platform stops on SIGTERM: not ready first, then drained, then gone.</summary>
public static class GracefulShutdown
{
    public const string HealthCheckName = "draining";

    /// <summary>
    /// Registers the drain (<see cref="ShutdownDrain"/>), a required readiness check that fails while
    /// draining, and the host's shutdown timeout: <see cref="HostingOptions.ShutdownDelay"/> +
    /// <see cref="HostingOptions.DrainTimeout"/>. A service needing longer (the scanner, for a running
    /// scan) raises it in a PostConfigure of its own.
    /// </summary>
    public static IHealthChecksBuilder AddGracefulShutdown(this IHealthChecksBuilder healthChecks)
    {
        var services = healthChecks.Services;
        services.AddOptions<HostingOptions>()
            .BindConfiguration(HostingOptions.Section)
            .Validate(options => options.ShutdownDelay >= TimeSpan.Zero && options.DrainTimeout > TimeSpan.Zero,
                $"{HostingOptions.Section}:ShutdownDelay must not be negative and {HostingOptions.Section}:DrainTimeout must be above zero.")
            .ValidateOnStart();
        services.AddSingleton<DrainState>();
        services.AddHostedService<ShutdownDrain>();
        services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) =>
            host.ShutdownTimeout = hosting.Value.ShutdownDelay + hosting.Value.DrainTimeout);
        return healthChecks.AddCheck<DrainHealthCheck>(HealthCheckName, HealthStatus.Unhealthy, [ManagementEndpoints.RequiredTag]);
    }
}
