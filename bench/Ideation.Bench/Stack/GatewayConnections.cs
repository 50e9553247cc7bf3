using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Bench.Stack;

/// <summary>
/// Clients of the gateway over TLS: REST over HTTP/1.1 and over HTTP/2, and a gRPC channel. They trust
/// exactly the local run's self-signed certificate, not any certificate.
/// </summary>
public sealed class GatewayConnections : IDisposable
{
    /// <summary>Uploads and downloads have 15 minutes at the gateway; the clients wait as long.</summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(15);

    private readonly X509Certificate2 _certificate;

    public GatewayConnections(LocalStack stack)
    {
        _certificate = X509CertificateLoader.LoadCertificateFromFile(stack.GatewayCertificate);
        Token = TokenIssuer.Issue(stack.Tokens, "bench", "Benchmark", [Roles.Submitter], TimeSpan.FromHours(12));
        Rest11 = RestClient(stack.Gateway, HttpVersion.Version11);
        Rest2 = RestClient(stack.Gateway, HttpVersion.Version20);
        Grpc = GrpcChannel.ForAddress(stack.Gateway, new GrpcChannelOptions { HttpHandler = Handler() });
    }

    /// <summary>A submitter's token: the bench creates its own ideas and uploads to them as their author.</summary>
    public string Token { get; }

    public HttpClient Rest11 { get; }

    public HttpClient Rest2 { get; }

    public GrpcChannel Grpc { get; }

    public Grpc.Core.Metadata Authorization => new() { { "authorization", $"Bearer {Token}" } };

    public void Dispose()
    {
        Rest11.Dispose();
        Rest2.Dispose();
        Grpc.Dispose();
        _certificate.Dispose();
    }

    private HttpClient RestClient(Uri gateway, Version version)
    {
        var client = new HttpClient(Handler())
        {
            BaseAddress = gateway,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TransferTimeout,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private SocketsHttpHandler Handler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = IsGatewayCertificate },
        // One HTTP/2 connection carries concurrent uploads, as a browser's would.
        EnableMultipleHttp2Connections = false,
    };

    private bool IsGatewayCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();
}
