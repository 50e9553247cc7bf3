using System.Net.Sockets;
using Grpc.Core;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// Which failed calls provably never reached the server, so that trying again cannot do anything
/// twice, whatever the method: the connection could not be made (refused: an instance that stopped
/// listening; unreachable; timed out while connecting). HTTP/2 streams a draining server refused
/// (REFUSED_STREAM, or beyond a GOAWAY's last stream) are resent on a new connection by the HTTP
/// handler itself; when that connection cannot be made either, the call ends here. A call that failed
/// any later (reset, cut, timed out while the server worked on it) may have been processed and is not
/// one of these.
/// </summary>
public static class UnprocessedCalls
{
    public static bool NeverReachedServer(Exception? exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable } rpc && Causes(rpc.Status.DebugException).Any(IsConnectFailure);

    private static bool IsConnectFailure(Exception exception) => exception switch
    {
        // SocketsHttpHandler's error while establishing a connection, before any request byte is sent.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        // The balancer's own connection attempt ("Error connecting to subchannel"): no call was started.
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        _ => false,
    };

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
