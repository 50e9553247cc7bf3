namespace Ideation.Gateway.Hosting;

/// <summary>The gateway's public listeners. Section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>HTTPS for browsers and gRPC clients: HTTP/1.1 and HTTP/2, chosen by ALPN.</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Plain HTTP, which only redirects to HTTPS. 0 disables it.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>PEM certificate chain for the HTTPS listener.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key of the certificate.</summary>
    public string CertificateKeyPath { get; set; } = "";

    /// <summary>Deadline of each transcoded (REST) call to a backend.</summary>
    public TimeSpan DefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of each transcoded upload, which lasts as long as the client takes to send the file.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
