using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Ideation.Ideas;
using Ideation.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The ideas service as its own host composes it (AddIdeasApplication / MapIdeasApplication), plus
// Microsoft.AspNetCore.Grpc.JsonTranscoding, listening on HTTPS like the gateway (HTTP/1.1 and HTTP/2
// by ALPN, the same PEM certificate) instead of h2c. Settings: those of the ideas service, plus
// Bench:CertificatePath and Bench:CertificateKeyPath. Its appsettings.json has the ideas service's log
// levels (the service's own file does not reach other hosts' output): the same access log, nothing more.
var builder = WebApplication.CreateBuilder(args);
builder.AddLogsAndTraces("ideas");
var hosting = builder.Configuration.GetHostingOptions();
var certificate = LoadCertificate(builder.Configuration["Bench:CertificatePath"], builder.Configuration["Bench:CertificateKeyPath"]);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Parse(hosting.BindAddress), hosting.ServicePort, listen =>
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        });
    });
    kestrel.ListenManagement(hosting);
    kestrel.AddServerHeader = false;
});

// google.rpc details ride in error bodies: the transcoder must know their types to print them.
builder.Services.AddGrpc().AddJsonTranscoding(options =>
    options.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, ResourceInfo.Descriptor));
// Before the application: its gRPC defaults replace grpc-dotnet's method provider, which a later AddGrpc() would add again.
builder.AddIdeasApplication();

var app = builder.Build();
app.MapIdeasApplication();
app.Run();

static X509Certificate2 LoadCertificate(string? certificatePath, string? keyPath)
{
    if (string.IsNullOrEmpty(certificatePath) || string.IsNullOrEmpty(keyPath))
    {
        throw new InvalidOperationException("Bench:CertificatePath and Bench:CertificateKeyPath must name a PEM certificate and key.");
    }

    using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    // Re-imported, as the gateway does: SslStream needs a key it can use on every platform.
    return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
}
