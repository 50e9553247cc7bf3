using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Ideation.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ideation.Gateway.Hosting;

/// <summary>The gateway's three listeners: HTTPS (the API), HTTP (redirects only) and management.</summary>
public static class GatewayKestrel
{
    public static void ListenGateway(this KestrelServerOptions kestrel, GatewayOptions gateway, HostingOptions hosting)
    {
        var address = IPAddress.Parse(hosting.BindAddress);
        var certificate = LoadCertificate(gateway);

        kestrel.Listen(address, gateway.HttpsPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            });
        });

        if (gateway.HttpPort > 0)
        {
            kestrel.Listen(address, gateway.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        }

        kestrel.ListenManagement(hosting);
        kestrel.AddServerHeader = false;
        // The small default for every request; upload routes raise it for themselves (GrpcBodyLimits
        // for native gRPC, the transcoder for REST).
        kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
        kestrel.LimitRequestHeaders(gateway);
    }

    /// <summary>
    /// Header, URL and slow-client limits: each refuses with its own 4xx (431, 414, 408) before any
    /// endpoint runs. HTTP/2 decodes headers into a table: one field may be as large as all of them.
    /// </summary>
    private static void LimitRequestHeaders(this KestrelServerOptions kestrel, GatewayOptions gateway)
    {
        var limits = kestrel.Limits;
        limits.MaxRequestHeadersTotalSize = gateway.MaxRequestHeadersTotalBytes;
        limits.MaxRequestHeaderCount = gateway.MaxRequestHeaderCount;
        limits.MaxRequestLineSize = gateway.MaxRequestLineBytes;
        limits.RequestHeadersTimeout = gateway.RequestHeadersTimeout;
        limits.Http2.MaxRequestHeaderFieldSize = gateway.MaxRequestHeadersTotalBytes;
        limits.MinRequestBodyDataRate = gateway.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(gateway.MinRequestBodyBytesPerSecond, gateway.MinRequestBodyGracePeriod)
            : null;
    }

    private static X509Certificate2 LoadCertificate(GatewayOptions gateway)
    {
        if (string.IsNullOrEmpty(gateway.CertificatePath) || string.IsNullOrEmpty(gateway.CertificateKeyPath))
        {
            throw new InvalidOperationException(
                "Gateway:CertificatePath and Gateway:CertificateKeyPath must name a PEM certificate and key (scripts/start.sh generates a development pair).");
        }

        using var pem = X509Certificate2.CreateFromPemFile(gateway.CertificatePath, gateway.CertificateKeyPath);
        // Re-import so the private key is usable by SslStream on every platform (PEM keys are ephemeral).
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
