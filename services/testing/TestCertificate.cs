using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ideation.Testing;

/// <summary>A throwaway self-signed certificate for localhost, written as PEM files the gateway loads.</summary>
public sealed class TestCertificate : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ideation-cert-").FullName;

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        CertificatePath = Path.Combine(_directory, "gateway.crt");
        KeyPath = Path.Combine(_directory, "gateway.key");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Thumbprint = certificate.Thumbprint;
    }

    public string CertificatePath { get; }
    public string KeyPath { get; }
    public string Thumbprint { get; }

    /// <summary>A handler that trusts exactly this certificate, as a client pinned to it would.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), Thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
