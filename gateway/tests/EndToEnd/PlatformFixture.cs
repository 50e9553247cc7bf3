using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>
/// The platform as it runs in production, in one test process: the ideas service on real PostgreSQL
/// (h2c on a loopback port) and the gateway in front of it over TLS, each on real Kestrel sockets.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private WebApplication? _ideas;
    private WebApplication? _gateway;
    private string _connectionString = "";

    public TestCertificate Certificate { get; } = new();
    public int HttpsPort { get; } = FreePort.Next();
    public int HttpPort { get; } = FreePort.Next();
    public int ManagementPort { get; } = FreePort.Next();
    public int IdeasPort { get; } = FreePort.Next();
    public int IdeasManagementPort { get; } = FreePort.Next();

    public Uri GatewayAddress => new($"https://localhost:{HttpsPort}");

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gateway_e2e");
        await IdeasDatabase.MigrateAsync(_connectionString, CancellationToken.None);

        _ideas = IdeasHost.Create(Arguments(
            ("ConnectionStrings:Ideas", _connectionString),
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ServicePort", IdeasPort.ToString()),
            ("Hosting:ManagementPort", IdeasManagementPort.ToString())));
        await _ideas.StartAsync();

        _gateway = GatewayHost.Create(Arguments(
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ManagementPort", ManagementPort.ToString()),
            ("Gateway:HttpsPort", HttpsPort.ToString()),
            ("Gateway:HttpPort", HttpPort.ToString()),
            ("Gateway:CertificatePath", Certificate.CertificatePath),
            ("Gateway:CertificateKeyPath", Certificate.KeyPath),
            ("ReverseProxy:Clusters:ideas:Destinations:ideas:Address", $"http://127.0.0.1:{IdeasPort}")));
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
        channel = GrpcChannel.ForAddress(GatewayAddress, new GrpcChannelOptions { HttpHandler = Certificate.CreateHandler() });
        return new IdeaService.IdeaServiceClient(channel);
    }

    public HttpClient ManagementClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        if (_ideas is not null)
        {
            await _ideas.StopAsync();
            await _ideas.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(_connectionString);
        Certificate.Dispose();
    }

    /// <summary>Production environment plus the test's settings: startup checks run as they do in production.</summary>
    private static string[] Arguments(params (string Key, string Value)[] settings) =>
        ["--environment=Production", .. TestIdentity.Configuration.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Select(pair => $"--{pair.Key}={pair.Value}")];
}
