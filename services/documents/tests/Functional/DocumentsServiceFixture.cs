using Amazon.S3;
using Grpc.Core.Interceptors;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Configuration;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.Ideas.Persistence;
using Ideation.Ideas;
using Ideation.Messaging;
using Ideation.Storage;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// The documents service as it runs in production: DocumentsHost on real Kestrel sockets over a
/// database of its own (migrated by the migrate code path), buckets of its own on the shared S3
/// server, the shared Redis, and a real ideas service (IdeasHost, its own database) in the same
/// process, so that every permission comes from the ideas service itself. One per test class.
/// Subclasses change the storage endpoint or add settings.
/// </summary>
public class DocumentsServiceFixture : IAsyncLifetime
{
    /// <summary>Kept small so that limit tests move little data; below the shared clamd's limit, as the service demands.</summary>
    public const long MaxUploadBytes = 12 * 1024 * 1024;

    /// <summary>S3's smallest part, so that an 11 MiB file takes three parts.</summary>
    public const int PartSizeBytes = Configuration.StorageOptions.MinimumPartSizeBytes;

    public const int MaxDocumentsPerIdea = 5;

    private WebApplication? ideasHost;
    private WebApplication? documentsHost;
    private GrpcChannel? documentsChannel;
    private GrpcChannel? ideasChannel;
    private GrpcChannel? contentHeadersChannel;

    public string ConnectionString { get; private set; } = "";
    public string IdeasConnectionString { get; private set; } = "";
    public int ServicePort { get; } = FreePort.Next();
    public int ManagementPort { get; } = FreePort.Next();
    public int IdeasPort { get; } = FreePort.Next();
    public int IdeasManagementPort { get; } = FreePort.Next();

    /// <summary>Bucket names of this fixture alone, on the shared S3 server.</summary>
    public string Bucket { get; } = $"documents-{Guid.NewGuid():N}"[..30];
    public string QuarantineBucket { get; } = $"quarantine-{Guid.NewGuid():N}"[..30];

    public string StorageUrl { get; private set; } = "";

    /// <summary>The events stream of this fixture's ideas service, which its documents service consumes.</summary>
    public string IdeaEventsStream { get; } = $"ideation:idea-events:{Guid.NewGuid():N}";

    /// <summary>A client of the same storage, for tests to look at buckets directly.</summary>
    public AmazonS3Client S3 { get; private set; } = null!;

    /// <summary>The running documents service's services (its ObjectStorage, options, clock).</summary>
    public IServiceProvider Services => documentsHost!.Services;

    public async Task InitializeAsync()
    {
        StorageUrl = await StartStorageAsync();
        IdeasConnectionString = await PostgresServer.CreateDatabaseAsync("documents_ideas");
        await IdeasDatabase.MigrateAsync(IdeasConnectionString, CancellationToken.None);
        ideasHost = IdeasHost.Create(IdeasArguments());
        await ideasHost.StartAsync();
        ideasChannel = TestChannels.ForAddress($"http://127.0.0.1:{IdeasPort}");

        ConnectionString = await PostgresServer.CreateDatabaseAsync("documents_tests");
        await DocumentsDatabase.MigrateAsync(ConnectionString, CancellationToken.None);
        S3 = S3Clients.Create(StorageOptions(), Configuration.StorageOptions.Section, maxErrorRetry: 2);
        documentsHost = DocumentsHost.Create([.. DocumentsArguments(), .. ExtraSettings().Select(pair => $"--{pair.Key}={pair.Value}")]);
        await documentsHost.StartAsync();
        // Every loop runs a pass as the host starts: tests that run passes of their own (or look at
        // what one would take) start after it, or a pass they drive may find its rows locked.
        await Task.WhenAll(documentsHost.Services.GetServices<IHostedService>().OfType<BackgroundLoop>().Select(loop => loop.FirstPassEnded));
        documentsChannel = TestChannels.ForAddress($"http://127.0.0.1:{ServicePort}");
        contentHeadersChannel = TestChannels.ForAddress($"http://127.0.0.1:{ServicePort}", new GrpcChannelOptions { HttpHandler = new ContentHeadersVisible() });
    }

    /// <summary>The S3 endpoint the service uses: the shared server unless a subclass starts its own.</summary>
    protected virtual Task<string> StartStorageAsync() => Task.FromResult(SharedServers.S3);

    /// <summary>Settings a subclass adds or overrides (later arguments win).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings() => [];

    public DocumentService.DocumentServiceClient Documents(TestUser? user) => new(Authorized(documentsChannel!, user));

    /// <summary>A client whose response metadata includes the content headers (Content-Disposition), renamed by <see cref="ContentHeadersVisible"/>.</summary>
    public DocumentService.DocumentServiceClient DocumentsShowingContentHeaders(TestUser? user) => new(Authorized(contentHeadersChannel!, user));

    public IdeaService.IdeaServiceClient Ideas(TestUser? user) => new(Authorized(ideasChannel!, user));

    public DocumentsDbContext CreateDbContext() => new(DocumentsDbContext.CreateOptions(ConnectionString));

    public HttpClient ManagementClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    public StorageOptions StorageOptions() => new()
    {
        ServiceUrl = StorageUrl,
        ForcePathStyle = true,
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
        Bucket = Bucket,
        QuarantineBucket = QuarantineBucket,
        CreateBuckets = true,
        PartSizeBytes = PartSizeBytes,
    };

    /// <summary>Production environment, loopback ports, test tokens, this fixture's database, buckets and ideas service.</summary>
    public IEnumerable<string> DocumentsArguments()
    {
        var storage = StorageOptions();
        return
        [
            "--environment=Production",
            "--Hosting:BindAddress=127.0.0.1",
            $"--Hosting:ServicePort={ServicePort}",
            $"--Hosting:ManagementPort={ManagementPort}",
            $"--ConnectionStrings:Documents={ConnectionString}",
            // The scan pipeline publishes to the shared Redis, on a stream of this fixture's own. Its
            // loops run one pass at start and then wait an hour, so that an API test sees the outbox
            // rows its calls wrote; pipeline tests drive passes themselves or shorten the interval.
            $"--Documents:Redis:Configuration={SharedServers.Redis}",
            $"--Documents:Scan:Stream=test:scan-jobs:{Guid.NewGuid():N}",
            $"--Documents:IdeaEvents:Stream={IdeaEventsStream}",
            "--Documents:IdeaEvents:PollInterval=00:00:00.100",
            "--Documents:Scan:RelayPollInterval=01:00:00",
            "--Documents:Scan:RelayOnCommit=false",
            "--Documents:Scan:ReconcileInterval=01:00:00",
            "--Documents:Cleanup:Interval=01:00:00",
            "--Logging:LogLevel:Default=Warning",
            $"--Documents:Ideas:Address=http://127.0.0.1:{IdeasPort}",
            $"--Documents:Storage:ServiceUrl={storage.ServiceUrl}",
            $"--Documents:Storage:ForcePathStyle={storage.ForcePathStyle}",
            $"--Documents:Storage:AccessKey={storage.AccessKey}",
            $"--Documents:Storage:SecretKey={storage.SecretKey}",
            $"--Documents:Storage:Bucket={storage.Bucket}",
            $"--Documents:Storage:QuarantineBucket={storage.QuarantineBucket}",
            $"--Documents:Storage:CreateBuckets={storage.CreateBuckets}",
            $"--Documents:Storage:PartSizeBytes={storage.PartSizeBytes}",
            $"--Documents:Upload:MaxBytes={MaxUploadBytes}",
            $"--Documents:Upload:ScannerStreamLimitBytes={SharedServers.ClamdLimitBytes}",
            $"--Documents:Upload:MaxDocumentsPerIdea={MaxDocumentsPerIdea}",
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
        ];
    }

    private string[] IdeasArguments() =>
    [
        "--environment=Production",
        "--Hosting:BindAddress=127.0.0.1",
        $"--Hosting:ServicePort={IdeasPort}",
        $"--Hosting:ManagementPort={IdeasManagementPort}",
        $"--ConnectionStrings:Ideas={IdeasConnectionString}",
        $"--Ideas:Events:Redis={SharedServers.Redis}",
        $"--Ideas:Events:Stream={IdeaEventsStream}",
        "--Logging:LogLevel:Default=Warning",
        .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
    ];

    private static CallInvoker Authorized(GrpcChannel channel, TestUser? user)
    {
        var invoker = channel.CreateCallInvoker();
        return user is null
            ? invoker
            : invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {user.Token}");
                return metadata;
            });
    }

    public virtual async Task DisposeAsync()
    {
        documentsChannel?.Dispose();
        contentHeadersChannel?.Dispose();
        ideasChannel?.Dispose();
        foreach (var host in new[] { documentsHost, ideasHost })
        {
            if (host is not null)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }

        S3?.Dispose();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
        await PostgresServer.DropDatabaseAsync(IdeasConnectionString);
    }
}
