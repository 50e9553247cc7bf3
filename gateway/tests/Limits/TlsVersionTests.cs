using System.Diagnostics;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>
/// TLS 1.2 and 1.3 only, proved with OpenSSL's client (the tests' prerequisites install it): an older
/// handshake is refused by the gateway itself, with a protocol_version alert. The client is told to
/// offer TLS 1.0/1.1 at security level 0, which OpenSSL 3 otherwise forbids on its own side, so that a
/// refusal can only come from the server.
/// </summary>
public sealed class TlsVersionTests : IAsyncLifetime
{
    private readonly TestCertificate _certificate = new();
    private LimitedGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await LimitedGateway.StartAsync(_certificate, ("Gateway:RateLimits:Enabled", "false"));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _certificate.Dispose();
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task Tls_1_2_and_1_3_handshakes_succeed(string option, string protocol)
    {
        var (exitCode, output) = await HandshakeAsync(option);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"New, {protocol}, Cipher is", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task Older_handshakes_are_refused_by_the_server(string option)
    {
        var (exitCode, output) = await HandshakeAsync(option);

        Assert.NotEqual(0, exitCode);
        // The server's alert, not a client that could not offer the version.
        Assert.Contains("alert protocol version", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> HandshakeAsync(string versionOption)
    {
        var start = new ProcessStartInfo("openssl")
        {
            ArgumentList =
            {
                "s_client", "-connect", $"127.0.0.1:{_gateway.HttpsPort}", "-servername", "localhost", versionOption,
                "-cipher", "DEFAULT:@SECLEVEL=0",
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
