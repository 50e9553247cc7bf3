using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents;
using Ideation.Documents.Persistence;
using Ideation.Ideas;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>
/// The platform as it runs in production, in one test process: the ideas and documents services on
/// real PostgreSQL, Redis and the S3 server (h2c on loopback ports) and the gateway in front of them
/// over TLS, each on real Kestrel sockets. The upload limits are small, the gateway's above the
/// service's as in production, so that tests reach both with little data.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>The documents service's own limit (Documents:Upload:MaxBytes).</summary>
    public const long ServiceUploadLimit = 2 * 1024 * 1024;

    /// <summary>The gateway's limit for uploads (Gateway:MaxUploadBytes), above the service's.</summary>
    public const long GatewayUploadLimit = 4 * 1024 * 1024;

    private WebApplication? _ideas;
    private WebApplication? _documents;
    private WebApplication? _gateway;
    private string _connectionString = "";
    private string _documentsConnectionString = "";

    public TestCertificate Certificate { get; } = new();
    public int HttpsPort { get; } = FreePort.Next();
    public int HttpPort { get; } = FreePort.Next();
    public int ManagementPort { get; } = FreePort.Next();
    public int IdeasPort { get; } = FreePort.Next();
    public int IdeasManagementPort { get; } = FreePort.Next();
    public int DocumentsPort { get; } = FreePort.Next();
    public int DocumentsManagementPort { get; } = FreePort.Next();

    public Uri GatewayAddress => new($"https://localhost:{HttpsPort}");

    /// <summary>The documents service's own port, for what only the platform's scanner may call (ScanVerdictService).</summary>
    public Uri DocumentsAddress => new($"http://127.0.0.1:{DocumentsPort}");

    /// <summary>The ideas service's own port, for calls that bypass the gateway (services validate tokens themselves).</summary>
    public Uri IdeasAddress => new($"http://127.0.0.1:{IdeasPort}");

    /// <summary>The ideas database, for tests that check what a refused call left unchanged.</summary>
    public string IdeasConnectionString => _connectionString;

    /// <summary>The documents database, for tests that check what a refused call left unchanged.</summary>
    public string DocumentsConnectionString => _documentsConnectionString;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gateway_e2e");
        await IdeasDatabase.MigrateAsync(_connectionString, CancellationToken.None);
        _ideas = IdeasHost.Create(Arguments(
            ("ConnectionStrings:Ideas", _connectionString),
            ("Ideas:Events:Redis", SharedServers.Redis),
            ("Ideas:Events:Stream", $"gateway-e2e:idea-events:{Guid.NewGuid():N}"),
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ServicePort", IdeasPort.ToString()),
            ("Hosting:ManagementPort", IdeasManagementPort.ToString())));
        await _ideas.StartAsync();

        _documentsConnectionString = await PostgresServer.CreateDatabaseAsync("gateway_e2e_documents");
        await DocumentsDatabase.MigrateAsync(_documentsConnectionString, CancellationToken.None);
        _documents = DocumentsHost.Create(Arguments(
            ("ConnectionStrings:Documents", _documentsConnectionString),
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ServicePort", DocumentsPort.ToString()),
            ("Hosting:ManagementPort", DocumentsManagementPort.ToString()),
            ("Documents:Ideas:Address", $"http://127.0.0.1:{IdeasPort}"),
            ("Documents:Redis:Configuration", SharedServers.Redis),
            ("Documents:Scan:Stream", $"gateway-e2e:scan-jobs:{Guid.NewGuid():N}"),
            ("Documents:Storage:ServiceUrl", SharedServers.S3),
            ("Documents:Storage:ForcePathStyle", "true"),
            ("Documents:Storage:AccessKey", "S3RVER"),
            ("Documents:Storage:SecretKey", "S3RVER"),
            ("Documents:Storage:Bucket", $"gateway-{Guid.NewGuid():N}"[..30]),
            ("Documents:Storage:QuarantineBucket", $"gateway-q-{Guid.NewGuid():N}"[..30]),
            ("Documents:Storage:CreateBuckets", "true"),
            ("Documents:Upload:MaxBytes", ServiceUploadLimit.ToString()),
            ("Documents:Upload:ScannerStreamLimitBytes", SharedServers.ClamdLimitBytes.ToString())));
        await _documents.StartAsync();

        _gateway = GatewayHost.Create(Arguments(
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ManagementPort", ManagementPort.ToString()),
            ("Gateway:HttpsPort", HttpsPort.ToString()),
            ("Gateway:HttpPort", HttpPort.ToString()),
            ("Gateway:CertificatePath", Certificate.CertificatePath),
            ("Gateway:CertificateKeyPath", Certificate.KeyPath),
            ("Gateway:MaxUploadBytes", GatewayUploadLimit.ToString()),
            // Every test's calls come from one address; the limits have tests of their own (Limits/).
            ("Gateway:RateLimits:PerClientAddress:RequestsPerSecond", "100000"),
            ("Gateway:RateLimits:PerClientAddress:Burst", "100000"),
            ("Gateway:RateLimits:PerUser:RequestsPerSecond", "100000"),
            ("Gateway:RateLimits:PerUser:Burst", "100000"),
            ("ReverseProxy:Clusters:ideas:Destinations:ideas:Address", $"http://127.0.0.1:{IdeasPort}"),
            ("ReverseProxy:Clusters:documents:Destinations:documents:Address", DocumentsAddress.ToString())));
        await _gateway.StartAsync();
    }

    /// <summary>A REST client over TLS that trusts the gateway's test certificate, with the given token.</summary>
    public HttpClient RestClient(string? token)
    {
        var client = new HttpClient(Certificate.CreateHandler()) { BaseAddress = GatewayAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>A native gRPC client of the ideas service through the gateway over TLS (HTTP/2 by ALPN).</summary>
    public IdeaService.IdeaServiceClient GrpcClient(out GrpcChannel channel)
    {
        channel = GrpcChannel();
        return new IdeaService.IdeaServiceClient(channel);
    }

    /// <summary>A native gRPC channel to the gateway over TLS (HTTP/2 by ALPN), for a client of any service.</summary>
    public GrpcChannel GrpcChannel() =>
        TestChannels.ForAddress(GatewayAddress, new GrpcChannelOptions { HttpHandler = Certificate.CreateHandler() });

    public HttpClient ManagementClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _gateway, _documents, _ideas })
        {
            if (host is not null)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }

        await PostgresServer.DropDatabaseAsync(_documentsConnectionString);
        await PostgresServer.DropDatabaseAsync(_connectionString);
        Certificate.Dispose();
    }

    /// <summary>Production environment plus the test's settings: startup checks run as they do in production.</summary>
    private static string[] Arguments(params (string Key, string Value)[] settings) =>
        ["--environment=Production", .. TestIdentity.Configuration.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Select(pair => $"--{pair.Key}={pair.Value}")];
}
