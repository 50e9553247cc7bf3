using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Ideation.Testing;

/// <summary>What a service answered to a <see cref="RawGrpcCall"/>: the gRPC status, its message and the <c>google.rpc.Status</c> of its details, if any.</summary>
public sealed record RawGrpcAnswer(StatusCode Status, string Message, Google.Rpc.Status? Details)
{
    /// <summary>The ErrorInfo reason of the details, or null.</summary>
    public string? Reason => Details?.Details.Where(d => d.Is(Google.Rpc.ErrorInfo.Descriptor))
        .Select(d => d.Unpack<Google.Rpc.ErrorInfo>().Reason).FirstOrDefault();

    /// <summary>The fields the BadRequest of the details names, in order.</summary>
    public IReadOnlyList<string> Fields => Details?.Details.Where(d => d.Is(Google.Rpc.BadRequest.Descriptor))
        .SelectMany(d => d.Unpack<Google.Rpc.BadRequest>().FieldViolations).Select(v => v.Field).ToList() ?? [];

    public override string ToString() => $"{Status}: {Message} {Details}";
}

/// <summary>
/// A gRPC call made by hand over plain-text HTTP/2: each request message is sent as the given bytes
/// in a gRPC frame, so that a test can send what no generated client would (protobuf that does not
/// parse), and read the status the service answers with, from a trailers-only answer or the trailers.
/// </summary>
public static class RawGrpcCall
{
    /// <summary>Calls <paramref name="method"/> (<c>package.Service/Method</c>) at <paramref name="address"/> (<c>http://host:port</c>) with one frame per message.</summary>
    public static async Task<RawGrpcAnswer> SendAsync(string address, string method, string? token, params byte[][] messages)
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromMinutes(2) };
        // HTTP/2 without TLS (h2c), as the service port speaks it: only an exact version gets it.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{address}/{method}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frames(messages)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode} instead of a gRPC answer");
        }

        // A trailers-only answer carries the status in the headers.
        var headers = response.Headers.Contains("grpc-status") ? (HttpHeaders)response.Headers : response.TrailingHeaders;
        var status = (StatusCode)int.Parse(Single(headers, "grpc-status") ?? throw new InvalidOperationException("no grpc-status"), System.Globalization.CultureInfo.InvariantCulture);
        var message = Uri.UnescapeDataString(Single(headers, "grpc-message") ?? "");
        var details = Single(headers, "grpc-status-details-bin") is { } encoded
            ? Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(encoded.PadRight(encoded.Length + (4 - encoded.Length % 4) % 4, '=')))
            : null;
        return new RawGrpcAnswer(status, message, details);
    }

    /// <summary>Each message as an uncompressed gRPC frame: a zero byte, the length (4 bytes, big-endian), the bytes.</summary>
    private static byte[] Frames(byte[][] messages)
    {
        var frames = new byte[messages.Sum(m => 5 + m.Length)];
        var at = 0;
        foreach (var message in messages)
        {
            BinaryPrimitives.WriteInt32BigEndian(frames.AsSpan(at + 1, 4), message.Length);
            message.CopyTo(frames, at + 5);
            at += 5 + message.Length;
        }

        return frames;
    }

    private static string? Single(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.Single() : null;
}
