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
    /// full. Unset, <c>Auth:CacheEntries</c> applies, as in every service (4096 by default).
    /// </summary>
    public int? TokenCacheEntries { get; set; }

    /// <summary>
    /// The most bytes of request headers (HTTP/1.1 and HTTP/2 alike): past it, 431. A request of this
    /// API carries a token of a kilobyte or two. 32 KiB by default, Kestrel's own.
    /// </summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The most headers of a request: past it, 431.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>
    /// The longest HTTP/1.1 request line (method, URL and version): past it, 414. Under HTTP/2 the URL
    /// is a header, held to <see cref="MaxRequestHeadersTotalBytes"/>. 8 KiB by default.
    /// </summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>How long a client may take to send a request's headers: past it, 408 and the connection closes.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The slowest a client may send a request body, averaged after <see cref="MinRequestBodyGracePeriod"/>:
    /// below it, 408 and the connection closes, so that slow clients cannot hold connections and
    /// memory. 240 bytes/s by default (Kestrel's); 0 turns the check off.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may start slowly before <see cref="MinRequestBodyBytesPerSecond"/> applies.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}
