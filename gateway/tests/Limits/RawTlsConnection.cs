using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>An HTTP/1.1 connection over TLS that writes exactly the bytes a test gives it, as a slow or hostile client would.</summary>
internal sealed class RawTlsConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;

    private RawTlsConnection(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    public static async Task<RawTlsConnection> OpenAsync(int port, TestCertificate certificate)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false,
            (_, remote, _, _) => remote is not null && string.Equals(remote.GetCertHashString(), certificate.Thumbprint, StringComparison.OrdinalIgnoreCase));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });
        return new RawTlsConnection(tcp, tls);
    }

    public async Task WriteAsync(string text)
    {
        await _tls.WriteAsync(Encoding.ASCII.GetBytes(text));
        await _tls.FlushAsync();
    }

    /// <summary>Everything the server sends until it closes the connection (or the deadline passes).</summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _tls.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // Closed by a reset, or still open at the deadline: the test judges what arrived.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
