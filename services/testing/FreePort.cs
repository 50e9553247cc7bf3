using System.Net;
using System.Net.Sockets;

namespace Ideation.Testing;

/// <summary>Finds loopback ports no one listens on, for hosts that tests start on real sockets.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
