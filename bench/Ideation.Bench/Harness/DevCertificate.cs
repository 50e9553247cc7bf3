using System.Diagnostics;

namespace Ideation.Bench.Harness;

/// <summary>
/// The development certificate of the local run (scripts/lib/certificates.sh: self-signed P-256,
/// localhost and 127.0.0.1), made in a folder of the bench's: every TLS endpoint the bench starts
/// serves this one, so that the handshakes cost the same everywhere.
/// </summary>
public sealed record DevCertificate(string CertificatePath, string KeyPath)
{
    public static async Task<DevCertificate> EnsureAsync(string directory)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "scripts", "lib", "certificates.sh");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", "source \"$0\" && ensure_dev_certificate \"$1\"", script, directory },
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        await process.WaitForExitAsync();
        var certificate = new DevCertificate(Path.Combine(directory, "gateway.crt"), Path.Combine(directory, "gateway.key"));
        if (process.ExitCode != 0 || !File.Exists(certificate.CertificatePath))
        {
            throw new InvalidOperationException($"scripts/lib/certificates.sh made no certificate in {directory}.");
        }

        return certificate;
    }

    /// <summary>Certificate and key in one PEM file, as HAProxy's <c>crt</c> wants them.</summary>
    public async Task<string> CombinedPemAsync()
    {
        var path = Path.ChangeExtension(CertificatePath, ".pem");
        await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(CertificatePath) + await File.ReadAllTextAsync(KeyPath));
        return path;
    }
}
