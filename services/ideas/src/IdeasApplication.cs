using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Api;
using Ideation.Ideas.Caching;
using Ideation.Ideas.Configuration;
using Ideation.Ideas.Events;
using Ideation.Ideas.Persistence;
using Ideation.Persistence;
using Ideation.Persistence.Errors;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Identity;
using Ideation.ServiceDefaults.Paging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ideation.Ideas;

/// <summary>The ideas service's wiring, usable by its own host and by hosts that embed it (gateway tests).</summary>
public static class IdeasApplication
{
    public const string ConnectionStringName = "Ideas";

    /// <summary>The service's connection pool, by this name in Npgsql's logs and metrics.</summary>
    public const string PoolName = "ideas";

    /// <summary>Registers everything the service needs (options, DbContext, auth, gRPC, health checks). Does not configure Kestrel.</summary>
    public static WebApplicationBuilder AddIdeasApplication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} must be configured (for example the ConnectionStrings__{ConnectionStringName} environment variable).");

        builder.Configuration.AddIdeasDefaults();
        services.AddOptions<IdeasOptions>().Bind(configuration.GetSection(IdeasOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdeasOptions>, IdeasOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddPostgresDataSource(connectionString, PoolName);

        services.AddDatabaseUnavailableErrors();
        services.AddDbContextPool<IdeasDbContext>((provider, options) => IdeasDbContext.Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddBearerTokens(configuration);
        services.AddPageTokens("ideation.ideas.page-token.v1");
        services.AddGrpc();
        services.AddIdeaEvents(configuration);
        services.AddIdeaCache(configuration);

        // Like /ready, the gRPC health service (native gRPC probes) turns NOT_SERVING only when a required check fails.
        services.AddGrpcServiceDefaults(IdeaService.Descriptor.FullName)
            .AddDependencyCheck("postgresql", PostgresConnections.Probe(connectionString), required: true)
            .AddDataSourceWarmup();
        return builder;
    }

    /// <summary>Adds auth middleware, maps the IdeaService gRPC service, gRPC health and the management endpoints.</summary>
    public static WebApplication MapIdeasApplication(this WebApplication app)
    {
        app.UseGrpcServiceDefaults();
        app.MapGrpcService<IdeaGrpcService>();
        app.MapGrpcServiceDefaults();
        return app;
    }
}
