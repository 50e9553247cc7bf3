using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ideation.Gateway.Tests.Transcoding.Equivalence;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Hosting;

/// <summary>
/// The transcoder's request body limits on real Kestrel, per route: an upload may be as large as
/// MaxUploadBytes, every other body only MaxRequestBodyBytes; over the limit the answer is 413 with a
/// RESOURCE_EXHAUSTED google.rpc.Status, whether the body announces its length or not.
/// </summary>
public sealed class BodyLimitTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 1024 * 1024;
    private const int MaxRequestBodyBytes = 4 * 1024;
    private const string Uploads = "/v1/shelves/s1/uploads";

    private TranscodingPair _pair = null!;

    public async Task InitializeAsync() => _pair = await TranscodingPair.StartAsync(TestServicePair.Service, options =>
    {
        options.MaxUploadBytes = MaxUploadBytes;
        options.MaxRequestBodyBytes = MaxRequestBodyBytes;
    });

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuses_an_upload_over_the_limit_with_413_upload_too_large(bool chunkedTransfer)
    {
        using var request = Post($"{Uploads}?filename=big.bin", new byte[MaxUploadBytes + 1], "application/octet-stream", chunkedTransfer);

        using var response = await _pair.Gateway.SendAsync(request);

        await AssertTooLargeAsync(response, "UPLOAD_TOO_LARGE", MaxUploadBytes);
        // The rest of the body is not read: an HTTP/1.1 client is told to close the connection.
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task Accepts_an_upload_of_exactly_the_limit_far_above_the_json_limit()
    {
        using var request = Post(Uploads, new byte[MaxUploadBytes], "application/octet-stream", chunkedTransfer: false);

        using var response = await _pair.Gateway.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(MaxUploadBytes, UploadSummary.Parser.ParseJson(text).TotalBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuses_a_json_body_over_the_limit_with_413_request_too_large(bool chunkedTransfer)
    {
        var json = Encoding.UTF8.GetBytes($"{{\"stringValue\":\"{new string('x', MaxRequestBodyBytes)}\"}}");
        using var request = Post("/v1/echo", json, "application/json", chunkedTransfer);

        using var response = await _pair.Gateway.SendAsync(request);

        await AssertTooLargeAsync(response, "REQUEST_TOO_LARGE", MaxRequestBodyBytes);
    }

    [Fact]
    public async Task Accepts_a_json_body_of_exactly_the_limit()
    {
        const string wrapper = "{\"stringValue\":\"\"}";
        var json = Encoding.UTF8.GetBytes($"{{\"stringValue\":\"{new string('x', MaxRequestBodyBytes - wrapper.Length)}\"}}");
        Assert.Equal(MaxRequestBodyBytes, json.Length);
        using var request = Post("/v1/echo", json, "application/json", chunkedTransfer: false);

        using var response = await _pair.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// An HTTP/1.1 client sends all of a body before it reads the answer. The gateway must read and
    /// discard a body far larger than the sockets' buffers after answering; closing with it unread
    /// resets the connection, and the client sees a broken pipe instead of the 413.
    /// </summary>
    [Theory]
    [InlineData(Uploads + "?filename=big.bin", "application/octet-stream", "UPLOAD_TOO_LARGE", MaxUploadBytes)]
    [InlineData("/v1/echo", "application/json", "REQUEST_TOO_LARGE", MaxRequestBodyBytes)]
    public async Task An_http11_client_that_sends_all_of_a_body_far_over_the_limit_still_reads_the_413(
        string pathAndQuery, string contentType, string reason, int maxBytes)
    {
        using var request = Post(pathAndQuery, new byte[64 * 1024 * 1024], contentType, chunkedTransfer: false);
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await _pair.Gateway.SendAsync(request);

        await AssertTooLargeAsync(response, reason, maxBytes);
        Assert.True(response.Headers.ConnectionClose);
    }

    private static HttpRequestMessage Post(string pathAndQuery, byte[] body, string contentType, bool chunkedTransfer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.TransferEncodingChunked = chunkedTransfer;
        return request;
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string reason, int maxBytes)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(8, status["code"]!.GetValue<int>());
        var info = status["details"]!.AsArray().Single(detail => detail!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.ErrorInfo")!;
        Assert.Equal(reason, info["reason"]!.GetValue<string>());
        Assert.Equal("ideation.example.com", info["domain"]!.GetValue<string>());
        Assert.Equal(maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), info["metadata"]!["maxBytes"]!.GetValue<string>());
    }
}
