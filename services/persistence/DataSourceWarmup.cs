using Ideation.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ideation.Persistence;

/// <summary>
/// Holds a starting service back from readiness until its own connection pool has opened a connection
/// and answered a query. The readiness probe (<see cref="PostgresConnections.Probe"/>) uses a
/// connection of its own, so a restarted instance used to turn ready with an empty pool: the first
/// requests sent to it then waited on their connections together (the first of a data source also
/// loads the database's types) for tens of seconds on a loaded machine, past their callers' deadlines,
/// which is how a rolling restart failed requests. The warm-up starts with the host and runs in the
/// background (a probe waits a moment for it, never longer), again after a failure; once done it
/// stays done: later database outages are the probe's to report.
/// </summary>
public sealed class DataSourceWarmup(NpgsqlDataSource dataSource) : IHealthCheck, IHostedService
{
    public const string Name = "postgresql-pool";

    /// <summary>How long one warm-up may take before it is abandoned and tried again.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a probe waits for a warm-up under way, well within any probe's own timeout.</summary>
    private static readonly TimeSpan ProbeWait = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private Task? _warming;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var warming = Warming();
        if (!warming.IsCompleted)
        {
            await Task.WhenAny(warming, Task.Delay(ProbeWait, cancellationToken));
        }

        return warming.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("opening the service's own database connections", warming.Exception?.GetBaseException());
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Warming();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The warm-up: the one under way or done, or a new one after a failed one.</summary>
    private Task Warming()
    {
        lock (_lock)
        {
            if (_warming is null || _warming.IsFaulted || _warming.IsCanceled)
            {
                _warming = Task.Run(WarmAsync, CancellationToken.None);
            }

            return _warming;
        }
    }

    private async Task WarmAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(timeout.Token);
    }
}

public static class DataSourceWarmupRegistration
{
    /// <summary>Adds <see cref="DataSourceWarmup"/> as a required readiness check (the service's data source must be registered).</summary>
    public static IHealthChecksBuilder AddDataSourceWarmup(this IHealthChecksBuilder builder)
    {
        builder.Services.AddSingleton<DataSourceWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DataSourceWarmup>());
        return builder.AddCheck<DataSourceWarmup>(DataSourceWarmup.Name, HealthStatus.Unhealthy, [ManagementEndpoints.RequiredTag]);
    }
}
