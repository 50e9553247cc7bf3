using Amazon.S3;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Api;
using Ideation.Documents.Configuration;
using Ideation.Documents.IdeaEvents;
using Ideation.Documents.Ideas;
using Ideation.Documents.Persistence;
using Ideation.Documents.Pipeline;
using Ideation.Documents.Storage;
using Ideation.Persistence;
using Ideation.Persistence.Errors;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Identity;
using Ideation.ServiceDefaults.Paging;
using Ideation.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ideation.Documents;

/// <summary>The documents service's wiring, usable by its own host and by hosts that embed it (tests).</summary>
public static class DocumentsApplication
{
    public const string ConnectionStringName = "Documents";

    /// <summary>The service's connection pool, by this name in Npgsql's logs and metrics.</summary>
    public const string PoolName = "documents";

    /// <summary>Registers everything the service needs (options, DbContext, storage, auth, gRPC, health checks). Does not configure Kestrel.</summary>
    public static WebApplicationBuilder AddDocumentsApplication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} must be configured (for example the ConnectionStrings__{ConnectionStringName} environment variable).");

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.AddOptions<IdeasClientOptions>().Bind(configuration.GetSection(IdeasClientOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        services.AddPostgresDataSource(connectionString, PoolName);

        services.AddDatabaseUnavailableErrors();
        services.AddDbContextPool<DocumentsDbContext>((provider, options) => DocumentsDbContext.Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IAmazonS3>(provider => S3Clients.Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value, StorageOptions.Section, maxErrorRetry: 2));
        // Streamed PutObjects (SinglePutUpload) last as long as their client takes to send the file, and
        // a body read once cannot be sent again: no time limit and no retries of the SDK's own. The
        // call's deadline and cancellation bound them.
        services.AddKeyedSingleton<IAmazonS3>(ObjectStorage.StreamingClient, (provider, _) => S3Clients.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value, StorageOptions.Section, maxErrorRetry: 0, timeout: Timeout.InfiniteTimeSpan));
        services.AddSingleton<ObjectStorage>();
        if (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.CreateBuckets == true)
        {
            services.AddHostedService<BucketProvisioner>();
        }

        services.AddSingleton<IdeaDirectory>();
        services.AddBearerTokens(configuration);
        services.AddPageTokens("ideation.documents.page-token.v1");

        // Like /ready, the gRPC health service turns NOT_SERVING only when a required check fails.
        // Redis is not required: uploads queue their scans in the outbox, which waits for it.
        services.AddGrpcServiceDefaults(DocumentService.Descriptor.FullName)
            .AddDependencyCheck("postgresql", PostgresConnections.Probe(connectionString), required: true)
            .AddDataSourceWarmup()
            .AddDependencyCheck<ObjectStorage>("s3", (storage, cancellationToken) => storage.ProbeAsync(cancellationToken), required: true);

        // Extension point: the scan pipeline (verdicts, outbox relay, reconciler, sweepers) registers itself here.
        builder.AddScanPipeline();
        services.AddIdeaEvents(configuration);
        return builder;
    }

    /// <summary>Adds auth middleware, maps the DocumentService, the scan pipeline, gRPC health and the management endpoints.</summary>
    public static WebApplication MapDocumentsApplication(this WebApplication app)
    {
        app.UseGrpcServiceDefaults();
        app.MapGrpcService<DocumentGrpcService>();

        // Extension point: the scan pipeline maps its own services here.
        app.MapScanPipeline();
        app.MapGrpcServiceDefaults();
        return app;
    }
}
