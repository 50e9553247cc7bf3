using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Messaging;

/// <summary>Registers <see cref="RedisRoundTripProbe"/> in a process that holds a Redis connection.</summary>
public static class RedisRoundTripProbeSetup
{
    /// <summary>Measures the round trip to the process's <see cref="StackExchange.Redis.IConnectionMultiplexer"/>, which must be registered.</summary>
    public static IServiceCollection AddRedisRoundTripProbe(this IServiceCollection services) =>
        services.AddHostedService<RedisRoundTripProbe>();
}
