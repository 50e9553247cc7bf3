using System.Data.Common;
using Ideation.Persistence.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ideation.Persistence;

/// <summary>Connection settings every service applies unless its connection string says otherwise.</summary>
public static class PostgresConnections
{
    /// <summary>
    /// Connections per process. Npgsql's default (100) equals PostgreSQL's default max_connections,
    /// so under load one replica alone exhausted the server and requests failed with "too many
    /// clients" instead of waiting for a pooled connection.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Statements prepared per connection. A service sends a handful of query shapes; preparing them
    /// spares PostgreSQL a parse and plan on every call.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Applies the platform's defaults for what the connection string leaves unsaid.</summary>
    public static string WithServiceDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Says(params string[] keywords) => keywords.Any(given.ContainsKey);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says("Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Says("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // The services keep no session state on a connection (no SET, temp tables or session-level
        // advisory locks; transaction-level locks end with their transaction), so resetting it
        // (DISCARD ALL, one more round trip's work per checkout) buys nothing.
        if (!Says("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The service's data source: one pool with <see cref="WithServiceDefaults"/>, named
    /// <paramref name="poolName"/> in Npgsql's logs and metrics (rather than by its connection
    /// string), and counted in the <c>db_*_connections</c> gauges.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, string poolName)
    {
        ConnectionPoolMetrics.Track(poolName);
        return new NpgsqlDataSourceBuilder(WithServiceDefaults(connectionString)) { Name = poolName }.Build();
    }

    /// <summary>
    /// Registers the service's data source (<see cref="CreateDataSource"/>) as a singleton, for its
    /// DbContext and its own queries to share one pool; the container disposes it with the host.
    /// </summary>
    public static IServiceCollection AddPostgresDataSource(this IServiceCollection services, string connectionString, string poolName) =>
        services.AddSingleton(_ => CreateDataSource(connectionString, poolName));

    /// <summary>
    /// The readiness probe: a round trip on a connection of its own, with a short connect timeout so
    /// that an unreachable server fails the probe before the kubelet's probe times out.
    /// </summary>
    public static Func<CancellationToken, Task<bool>> Probe(string connectionString)
    {
        var probeConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 3 }.ConnectionString;
        return async cancellationToken =>
        {
            await using var connection = new NpgsqlConnection(probeConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        };
    }
}
