using Ideation.Messaging;
using StackExchange.Redis;

namespace Ideation.Ideas.Events;

/// <summary>Wires the outbox relay that publishes the ideas service's events to Redis, and the metrics of both.</summary>
public static class IdeaEventsSetup
{
    public static IServiceCollection AddIdeaEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(IdeaEventsOptions.Section).Get<IdeaEventsOptions>() ?? new IdeaEventsOptions();
        if (string.IsNullOrWhiteSpace(options.Redis) || string.IsNullOrWhiteSpace(options.Stream))
        {
            throw new InvalidOperationException(
                $"{IdeaEventsOptions.Section}:Redis must name the Redis that carries the platform's events (for example 127.0.0.1:6379), and {IdeaEventsOptions.Section}:Stream its stream.");
        }

        services.Configure<IdeaEventsOptions>(configuration.GetSection(IdeaEventsOptions.Section));

        // Redis is not needed to serve requests: deletions wait in the outbox while it is away, so
        // the connection starts in the background and never fails startup or readiness.
        var redis = ConfigurationOptions.Parse(options.Redis);
        redis.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddHostedService<IdeaEventsRelay>();
        services.AddHostedService<IdeaOutboxGauges>();
        services.AddRedisRoundTripProbe();
        return services;
    }
}
