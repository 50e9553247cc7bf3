namespace Ideation.Gateway.Hosting;

/// <summary>The gateway's public listeners and the limits of what passes through them. Section <c>Gateway</c>.</summary>
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

    /// <summary>
    /// Deadline of each transcoded upload or download (a raw google.api.HttpBody stream), which lasts as
    /// long as the client takes to send or receive the file.
    /// </summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The largest request body of an upload: a REST upload route, or any native gRPC call to a service
    /// that has a client-streaming method. It sits above the services' own limits (documents: 50 MiB),
    /// so that a service refuses first with its exact error; the gateway's limit only stops a client
    /// from streaming without end. 64 MiB by default.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The largest request body of everything else (REST JSON bodies, native gRPC calls to services
    /// without uploads). 1 MiB by default: a JSON request of this API is a few kilobytes.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many validated bearer tokens the gateway remembers, so that a client's repeated token is
    /// not re-validated on every call (see <c>ValidatedTokenCache</c>). 0 validates every request in
    /// full. Each entry holds the token and its claims: a few kilobytes.
    /// </summary>
    public int TokenCacheEntries { get; set; } = 4096;
}
