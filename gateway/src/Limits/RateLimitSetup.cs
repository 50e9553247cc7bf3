using Ideation.ServiceDefaults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Gateway.Limits;

/// <summary>Wires the rate limits (<see cref="RateLimitOptions"/>) into the gateway.</summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        Validate(options);
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton(provider => new LocalRateLimiter(options.LocalMaxEntries, TimeProvider.System));
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            // Starts while Redis is down and reconnects by itself; commands fail at once while it is
            // down instead of queueing (the local limit decides meanwhile).
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var redis = ConfigurationOptions.Parse(options.Redis);
                redis.AbortOnConnectFail = false;
                redis.BacklogPolicy = BacklogPolicy.FailFast;
                redis.AsyncTimeout = Math.Max(1, (int)options.RedisTimeout.TotalMilliseconds);
                redis.ConnectTimeout = Math.Max(1000, redis.ConnectTimeout);
                return ConnectionMultiplexer.Connect(redis);
            });
            services.AddSingleton(provider => new RedisRateLimiter(provider.GetRequiredService<IConnectionMultiplexer>()));
        }

        services.AddSingleton(provider => new RateLimiter(
            provider.GetService<RedisRateLimiter>(),
            provider.GetRequiredService<LocalRateLimiter>(),
            options,
            TimeProvider.System,
            provider.GetRequiredService<ILogger<RateLimiter>>()));
        return services;
    }

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app, HostingOptions hosting)
    {
        var options = app.ApplicationServices.GetRequiredService<RateLimitOptions>();
        return options.Enabled ? app.UseMiddleware<RateLimitMiddleware>(hosting) : app;
    }

    private static void Validate(RateLimitOptions options)
    {
        foreach (var (name, limit) in new[] { ("PerUser", options.PerUser), ("PerClientAddress", options.PerClientAddress) })
        {
            if (limit.RequestsPerSecond <= 0 || limit.Burst < 1)
            {
                throw new OptionsValidationException(RateLimitOptions.Section, typeof(RateLimitOptions),
                    [$"{RateLimitOptions.Section}:{name} needs RequestsPerSecond > 0 and Burst >= 1."]);
            }
        }

        if (options.LocalShare is <= 0 or > 1 || options.RedisTimeout <= TimeSpan.Zero || options.LocalMaxEntries < 1)
        {
            throw new OptionsValidationException(RateLimitOptions.Section, typeof(RateLimitOptions),
                [$"{RateLimitOptions.Section} needs 0 < LocalShare <= 1, RedisTimeout > 0 and LocalMaxEntries >= 1."]);
        }
    }
}
