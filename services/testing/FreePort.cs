using System.Net;
using System.Net.Sockets;

namespace Ideation.Testing;

/// <summary>Finds loopback ports no one listens on, for hosts that tests start on real sockets.</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port the kernel hands out for port 0 comes from
    // that range, and until the test binds it any outgoing connection (to PostgreSQL, Redis, another
    // service) may take it as its local end: "address already in use" under parallel test assemblies.
    private const int First = 20000;
    private const int Last = 32767;

    private static readonly Lock Gate = new();

    // Each test process starts in a block of its own, so parallel assemblies rarely probe the same ports.
    private static int _next = First + (Environment.ProcessId % 64 * 150);

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried <= Last - First; tried++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                if (IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
