using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Messaging;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Metrics;
using Ideation.ServiceDefaults.Resilience;
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
        services.AddSingleton<StorageWatch>();
        services.AddSingleton<ServiceToken>();
        services.AddSingleton(provider => DocumentsClient(documents, provider.GetRequiredService<ServiceToken>()));
        services.AddSingleton<ScanJobProcessor>();
        services.AddHostedService<ScanJobWorker>();

        // Stopping waits for the running scans: allow the longest one, and the calls around it, after
        // the common shutdown delay (PostConfigure: it raises the common drain timeout, never lowers it).
        services.PostConfigure<HostOptions>(host =>
        {
            var scan = configuration.GetHostingOptions().ShutdownDelay + jobs.ScanTimeout + ShutdownMargin;
            host.ShutdownTimeout = scan > host.ShutdownTimeout ? scan : host.ShutdownTimeout;
        });
        return builder;
    }

    /// <summary>
    /// The documents client. StartScan and RecordVerdict are not retried within a call (unless their
    /// connection was refused, so that documents never saw them: an instance that had stopped listening):
    /// the job stays in the stream and is claimed again later, which is the scanner's retry (with its own
    /// backoff), so a documents outage is not multiplied by a second layer of retries. A circuit breaker and a bulkhead
    /// still stop the workers from piling calls onto a documents service that fails or hangs, and every
    /// call has a deadline (CallTimeout, or the default of the deadline interceptor).
    /// </summary>
    private static ScanVerdictService.ScanVerdictServiceClient DocumentsClient(DocumentsOptions options, ServiceToken token)
    {
        var addresses = options.AddressUris();
        var address = addresses[0];
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {token.Current()}");
            return Task.CompletedTask;
        });
        var channel = ServiceChannels.Create(addresses.Select(uri => uri.ToString()).ToList(), new GrpcChannelOptions
        {
            Credentials = address.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            // Services talk h2c inside the cluster (network policy keeps it there), so the token rides without TLS.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        var resilience = new ResilientCalls("documents", options.Resilience, idempotent: false);
        // Interceptors run last-added first: deadline, then breaker and bulkhead, then metrics per attempt.
        return new ScanVerdictService.ScanVerdictServiceClient(channel
            .Intercept(new GrpcClientMetricsInterceptor())
            .Intercept(new ResilientCallsInterceptor(resilience))
            .Intercept(new DeadlineClientInterceptor(options.CallTimeout)));
    }
}
