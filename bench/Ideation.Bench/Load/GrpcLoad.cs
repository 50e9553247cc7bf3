using System.Buffers.Binary;
using Google.Protobuf;

namespace Ideation.Bench.Load;

/// <summary>
/// The reads and writes scenarios' view of an h2load run: a URL, a body, headers as "name: value",
/// answered with a <see cref="LoadResult"/> (successes, rate, percentiles, body bytes per success).
/// </summary>
/// <param name="Url">http:// for h2c, https:// for TLS (h2load then accepts any certificate).</param>
/// <param name="Body">The request body: for gRPC a framed message (<see cref="Frame"/>).</param>
/// <param name="Headers">Extra headers, "name: value".</param>
public sealed record GrpcLoad(string Url, byte[] Body, IReadOnlyList<string> Headers, int Connections, int StreamsPerConnection, TimeSpan Duration, string Cpus = "1")
{
    public static IReadOnlyList<string> GrpcHeaders(string token) =>
        ["content-type: application/grpc", "te: trailers", $"authorization: Bearer {token}"];

    /// <summary>A unary gRPC request body: the 5-byte frame header (uncompressed, big-endian length) and the message.</summary>
    public static byte[] Frame(IMessage message)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    public async Task<LoadResult> RunAsync()
    {
        var headers = Headers.Select(header => header.Split(':', 2)).Select(parts => (parts[0].Trim(), parts[1].Trim())).ToList();
        var result = await H2Load.RunAsync(new H2LoadRequest(new Uri(Url), Connections, StreamsPerConnection, Duration, headers, Body), Cpus);
        var latency = result.Latency;
        return new LoadResult(
            result.Succeeded,
            result.Failed + result.Errored,
            result.Elapsed,
            latency?.P50 ?? double.NaN,
            latency?.P99 ?? double.NaN,
            latency?.P999 ?? double.NaN,
            result.Succeeded > 0 ? (double)result.DataBytes / result.Succeeded : 0);
    }
}
