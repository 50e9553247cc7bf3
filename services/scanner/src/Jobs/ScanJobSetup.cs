using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Messaging;
using Ideation.ServiceDefaults.Metrics;
using Ideation.Storage;
using StackExchange.Redis;

namespace Ideation.Scanner.Jobs;

/// <summary>The scan job worker's wiring: options, the Redis connection and its round-trip probe, the S3 client, the documents client with the scanner's token, the worker.</summary>
public static class ScanJobSetup
{
    /// <summary>Time for the calls around a scan (claim, verdict, acknowledgement) on top of the scan itself.</summary>
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddScanJobs(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var jobs = configuration.GetSection(ScanJobOptions.Section).Get<ScanJobOptions>() ?? new ScanJobOptions();
        if (!jobs.Enabled)
        {
            return builder;
        }

        jobs.Validate();
        var documents = configuration.GetSection(DocumentsOptions.Section).Get<DocumentsOptions>() ?? new DocumentsOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(jobs);
        services.AddSingleton(documents);
        var redis = ConfigurationOptions.Parse((configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions()).Configuration);
        // Start, and keep reconnecting, whatever Redis is doing: jobs wait in the stream meanwhile.
        redis.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddRedisRoundTripProbe();
        services.AddSingleton<Amazon.S3.IAmazonS3>(S3Clients.Create(storage, StorageOptions.Section, maxErrorRetry: 1));
        services.AddSingleton<ObjectScanner>();
        services.AddSingleton<ServiceToken>();
        services.AddSingleton(provider => DocumentsClient(documents.AddressUri(), provider.GetRequiredService<ServiceToken>()));
        services.AddSingleton<ScanJobProcessor>();
        services.AddHostedService<ScanJobWorker>();

        // Stopping waits for the running scans: allow the longest one, and the calls around it.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = jobs.ScanTimeout + ShutdownMargin);
        return builder;
    }

    private static ScanVerdictService.ScanVerdictServiceClient DocumentsClient(Uri address, ServiceToken token)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {token.Current()}");
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = address.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            // Services talk h2c inside the cluster (network policy keeps it there), so the token rides without TLS.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        return new ScanVerdictService.ScanVerdictServiceClient(channel.Intercept(new GrpcClientMetricsInterceptor()));
    }
}
