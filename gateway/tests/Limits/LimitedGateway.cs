using Grpc.Net.Client;
using Ideation.Gateway.Limits;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>
/// One gateway process's host on real Kestrel sockets (TLS, management port), configured as in
/// production plus the test's settings, with no backend behind it: the limits and headers under test
/// are the gateway's own, and they answer before any backend would be called. Unrouted paths answer
/// 404 (authenticated) or 401 (not), which is all a test of the limits needs.
/// </summary>
public sealed class LimitedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LimitedGateway(WebApplication app, TestCertificate certificate, int httpsPort, int managementPort)
    {
        _app = app;
        Certificate = certificate;
        HttpsPort = httpsPort;
        ManagementPort = managementPort;
    }

    public TestCertificate Certificate { get; }

    public int HttpsPort { get; }

    public int ManagementPort { get; }

    public Uri Address => new($"https://localhost:{HttpsPort}");

    /// <summary>The limiter of this gateway (null when limits are off), to see where it decides.</summary>
    public RateLimiter? Limiter => _app.Services.GetService<RateLimiter>();

    public static async Task<LimitedGateway> StartAsync(TestCertificate certificate, params (string Key, string Value)[] settings)
    {
        var httpsPort = FreePort.Next();
        var managementPort = FreePort.Next();
        // Backends on ports nobody listens on: nothing here must reach one.
        var deadBackend = $"http://127.0.0.1:{FreePort.Next()}";
        (string, string)[] defaults =
        [
            ("Hosting:BindAddress", "127.0.0.1"),
            ("Hosting:ManagementPort", managementPort.ToString()),
            ("Gateway:HttpsPort", httpsPort.ToString()),
            ("Gateway:HttpPort", "0"),
            ("Gateway:CertificatePath", certificate.CertificatePath),
            ("Gateway:CertificateKeyPath", certificate.KeyPath),
            ("ReverseProxy:Clusters:ideas:Destinations:ideas:Address", deadBackend),
            ("ReverseProxy:Clusters:documents:Destinations:documents:Address", deadBackend),
        ];
        string[] args =
        [
            "--environment=Production",
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
            .. defaults.Concat(settings).Select(pair => $"--{pair.Item1}={pair.Item2}"),
        ];
        var app = GatewayHost.Create(args);
        await app.StartAsync();
        return new LimitedGateway(app, certificate, httpsPort, managementPort);
    }

    /// <summary>A REST client over TLS (HTTP/1.1 unless asked otherwise), with the token if any.</summary>
    public HttpClient RestClient(string? token = null)
    {
        var client = new HttpClient(Certificate.CreateHandler()) { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public GrpcChannel GrpcChannel() =>
        TestChannels.ForAddress(Address, new GrpcChannelOptions { HttpHandler = Certificate.CreateHandler() });

    public HttpClient ManagementClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
