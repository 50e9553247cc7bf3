namespace Ideation.Bench.Load;

/// <summary>
/// One h2load run: where, how many connections and streams, for how long, with which headers and body.
/// A body makes it a POST (gRPC unary: 5-byte frame header + message); none makes it a GET (REST).
/// </summary>
/// <param name="Url">https:// negotiates HTTP/2 by ALPN; http:// speaks h2c with prior knowledge.</param>
/// <param name="Clients">Connections (-c).</param>
/// <param name="Streams">Concurrent streams per connection (-m).</param>
/// <param name="Duration">Timed run (-D): every request started in it counts.</param>
/// <param name="LogLatencies">Write each request's duration (--log-file), for percentiles.</param>
public sealed record H2LoadRequest(
    Uri Url,
    int Clients,
    int Streams,
    TimeSpan Duration,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body = null,
    bool LogLatencies = true)
{
    /// <summary>gRPC over HTTP/2: a POST of a framed message, with the headers gRPC servers require.</summary>
    public static H2LoadRequest GrpcUnary(Uri url, byte[] framedMessage, string authorization, int clients, int streams, TimeSpan duration) =>
        new(url, clients, streams, duration,
            [("content-type", "application/grpc"), ("te", "trailers"), ("authorization", authorization)],
            framedMessage);

    public static H2LoadRequest RestGet(Uri url, string authorization, int clients, int streams, TimeSpan duration) =>
        new(url, clients, streams, duration, [("accept", "application/json"), ("authorization", authorization)]);
}
