using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Google.Api;
using Ideation.Gateway.Tests.Transcoding.Equivalence;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Hosting;

/// <summary>
/// Uploads (a client stream whose HTTP body is a google.api.HttpBody) through the gateway's transcoder
/// on real Kestrel to the test service over h2c: the raw body arrives whole, in chunks, however large.
/// Microsoft's JSON transcoding has no client streaming, so there is nothing to compare with.
/// </summary>
public sealed class UploadTests(TestServicePair fixture) : IClassFixture<TestServicePair>
{
    private const string Uploads = "/v1/shelves/s1/uploads";
    private const int DefaultChunkSize = 64 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streams_a_body_larger_than_kestrels_default_limit_in_chunks_byte_for_byte(bool chunkedTransfer)
    {
        // 40 MiB: over Kestrel's default MaxRequestBodySize of 30 MB, with and without a Content-Length.
        var body = new byte[40 * 1024 * 1024];
        new Random(7).NextBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Uploads}?filename=report.pdf") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        request.Headers.TransferEncodingChunked = chunkedTransfer;

        using var response = await fixture.Pair.Gateway.SendAsync(request);

        var summary = await SummaryAsync(response);
        var head = new UploadRequest { Shelf = "shelves/s1", Filename = "report.pdf", Chunk = new HttpBody { ContentType = "application/pdf" } };
        Assert.Equal(head, summary.Head);
        Assert.Equal(body.Length, summary.TotalBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), summary.Sha256);
        Assert.Equal(body.Length / DefaultChunkSize, summary.Messages);
        Assert.Equal(DefaultChunkSize, summary.LargestChunk);
        Assert.True(summary.LaterMessagesOnlyData);
        // A Content-Length is announced to the backend, which can then store the file as one object of that size.
        Assert.Equal(chunkedTransfer ? "" : body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.AnnouncedLength);
    }

    [Fact]
    public async Task Sends_chunks_of_the_configured_size_the_last_one_shorter()
    {
        await using var pair = await TranscodingPair.StartAsync(TestServicePair.Service, options => options.UploadChunkSize = 1000);
        var body = Encoding.ASCII.GetBytes(new string('x', 2500));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };

        using var response = await pair.Gateway.PostAsync($"{Uploads}?filename=notes.txt", content);

        var summary = await SummaryAsync(response);
        Assert.Equal("text/plain; charset=utf-8", summary.Head.Chunk.ContentType);
        Assert.Equal((3, 2500L, 1000), (summary.Messages, summary.TotalBytes, summary.LargestChunk));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), summary.Sha256);
        Assert.True(summary.LaterMessagesOnlyData);
    }

    [Fact]
    public async Task Sends_one_message_without_data_for_an_empty_body()
    {
        using var response = await fixture.Pair.Gateway.PostAsync(Uploads, new ByteArrayContent([]));

        var summary = await SummaryAsync(response);
        Assert.Equal(new UploadRequest { Shelf = "shelves/s1", Chunk = new HttpBody() }, summary.Head);
        Assert.Equal((1, 0L), (summary.Messages, summary.TotalBytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), summary.Sha256);
    }

    [Fact]
    public async Task Refuses_an_unknown_query_parameter()
    {
        using var response = await fixture.Pair.Gateway.PostAsync($"{Uploads}?filenme=typo.pdf", new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, status["code"]!.GetValue<int>());
        Assert.Contains("filenme", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_413_as_soon_as_the_backend_refuses_without_reading_the_rest_of_the_body()
    {
        // A raw HTTP/1.1 client that announces 40 MiB but sends 512 KiB and then waits: the answer must
        // come without the rest (HttpClient would not return before sending everything).
        const int announced = 40 * 1024 * 1024;
        const int sent = 512 * 1024;
        var address = fixture.Pair.Gateway.BaseAddress!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        var head = $"POST {Uploads}?filename=big.bin&rejectAfterBytes=131072 HTTP/1.1\r\nHost: {address.Authority}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Length: {announced}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        await stream.WriteAsync(new byte[sent], timeout.Token);

        var (statusLine, headers, body) = await ReadResponseAsync(stream, timeout.Token);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
        Assert.Equal("close", headers["connection"]);
        Assert.StartsWith("application/json", headers["content-type"], StringComparison.Ordinal);
        var status = JsonNode.Parse(body)!;
        Assert.Equal(8, status["code"]!.GetValue<int>());
        Assert.Contains(status["details"]!.AsArray(), detail => detail!["reason"]?.GetValue<string>() == "UPLOAD_TOO_LARGE");
    }

    private static async Task<UploadSummary> SummaryAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return UploadSummary.Parser.ParseJson(text);
    }

    /// <summary>Reads one HTTP/1.1 response with a Content-Length: its status line, headers (lowercase names) and body.</summary>
    private static async Task<(string StatusLine, Dictionary<string, string> Headers, string Body)> ReadResponseAsync(
        NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The connection closed before the response headers.");
            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString([.. received.Take(headerEnd)]).Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
        var length = int.Parse(headers["content-length"], System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = headerEnd + 4;
        while (received.Count < bodyStart + length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The connection closed before the end of the response body.");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return (lines[0], headers, Encoding.UTF8.GetString([.. received.Skip(bodyStart).Take(length)]));
    }

    private static int IndexOfHeaderEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
