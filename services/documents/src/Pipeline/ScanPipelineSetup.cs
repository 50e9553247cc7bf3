using Ideation.Messaging;
using Ideation.ServiceDefaults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Documents.Pipeline;

/// <summary>
/// The scan pipeline's wiring: the ScanVerdictService, the outbox relay to Redis, the reconciler,
/// the object-cleanup sweeper and quarantine retention, and the pipeline's gauges and Redis round
/// trip. DocumentsApplication calls both methods.
/// </summary>
public static class ScanPipelineSetup
{
    public static WebApplicationBuilder AddScanPipeline(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ScanOptions>().Bind(configuration.GetSection(ScanOptions.Section)).ValidateOnStart();
        services.AddOptions<QuarantineOptions>().Bind(configuration.GetSection(QuarantineOptions.Section)).ValidateOnStart();
        services.AddOptions<CleanupOptions>().Bind(configuration.GetSection(CleanupOptions.Section)).ValidateOnStart();
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<PipelineOptionsValidator>();
        services.AddSingleton<IValidateOptions<ScanOptions>>(provider => provider.GetRequiredService<PipelineOptionsValidator>());
        services.AddSingleton<IValidateOptions<QuarantineOptions>>(provider => provider.GetRequiredService<PipelineOptionsValidator>());
        services.AddSingleton<IValidateOptions<CleanupOptions>>(provider => provider.GetRequiredService<PipelineOptionsValidator>());
        services.AddSingleton<IValidateOptions<RedisOptions>>(provider => provider.GetRequiredService<PipelineOptionsValidator>());

        // One multiplexed connection for the process. It starts even while Redis is down and
        // reconnects by itself: uploads wait in the outbox meanwhile, so Redis is never required.
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var redis = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration);
            redis.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redis);
        });

        // Singletons as well as hosted services, so that tests (and operators' tools) can run one pass on demand.
        AddLoop<OutboxRelay>(services);
        AddLoop<ScanReconciler>(services);
        AddLoop<CleanupSweeper>(services);
        AddLoop<PipelineGauges>(services);
        services.AddRedisRoundTripProbe();

        services.AddHealthChecks().AddDependencyCheck<IConnectionMultiplexer>("redis", PingRedisAsync, required: false);
        return builder;
    }

    public static WebApplication MapScanPipeline(this WebApplication app)
    {
        app.MapGrpcService<ScanVerdictGrpcService>();
        return app;
    }

    private static void AddLoop<TLoop>(IServiceCollection services)
        where TLoop : BackgroundLoop
    {
        services.AddSingleton<TLoop>();
        services.AddHostedService(provider => provider.GetRequiredService<TLoop>());
    }

    private static async Task<bool> PingRedisAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        // Disconnected, a PING would wait in the multiplexer's backlog until its timeout, and a slow
        // optional check would time out the whole readiness probe: answer at once instead.
        if (!redis.IsConnected)
        {
            return false;
        }

        await redis.GetDatabase().PingAsync();
        return true;
    }
}
