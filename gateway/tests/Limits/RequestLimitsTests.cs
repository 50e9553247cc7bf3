using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>
/// The gateway's limits on what one request may be: body, URL, headers, and how slowly it may arrive.
/// Each is refused with its own 4xx before anything reaches a service, never 500.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private readonly TestCertificate _certificate = new();
    private LimitedGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await LimitedGateway.StartAsync(_certificate,
        ("Gateway:RateLimits:Enabled", "false"),
        ("Gateway:MaxRequestBodyBytes", "65536"),
        ("Gateway:MaxRequestLineBytes", "4096"),
        ("Gateway:MaxRequestHeadersTotalBytes", "16384"),
        ("Gateway:RequestHeadersTimeout", "00:00:02"),
        ("Gateway:MinRequestBodyBytesPerSecond", "1000"),
        ("Gateway:MinRequestBodyGracePeriod", "00:00:02"));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task A_json_body_over_the_limit_gets_413_with_a_json_status()
    {
        using var client = _gateway.RestClient(TestIdentity.Submitter("limits-body"));
        var title = new string('x', 70_000);

        using var response = await client.PostAsync("/v1/ideas",
            new StringContent($$"""{"title":"{{title}}","category":"other"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(8, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_url_over_the_request_line_limit_gets_414()
    {
        using var client = _gateway.RestClient(TestIdentity.Submitter("limits-url"));

        using var response = await client.GetAsync($"/v1/ideas?pageToken={new string('a', 5000)}");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Headers_over_the_limit_get_431()
    {
        using var client = _gateway.RestClient(TestIdentity.Submitter("limits-headers"));
        using var request = PaddedRequest(HttpVersion.Version11);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Over_http2_the_gateway_announces_its_header_limit_and_a_compliant_client_keeps_to_it()
    {
        using var client = _gateway.RestClient(TestIdentity.Submitter("limits-headers-h2"));
        // A first call opens the connection, whose SETTINGS carry the limit (SETTINGS_MAX_HEADER_LIST_SIZE).
        using var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/health") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        using var request = PaddedRequest(HttpVersion.Version20);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request));

        Assert.Equal(HttpVersion.Version20, first.Version);
        Assert.Contains("16384", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Headers each within HTTP/2's limit of one field, together over the limit of all.</summary>
    private static HttpRequestMessage PaddedRequest(Version version)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/categories") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        for (var i = 0; i < 4; i++)
        {
            request.Headers.Add($"X-Padding-{i}", new string('p', 6_000));
        }

        return request;
    }

    [Fact]
    public async Task Over_http2_one_header_field_over_the_limit_is_refused_as_a_protocol_error_and_the_gateway_serves_on()
    {
        using var client = _gateway.RestClient(TestIdentity.Submitter("limits-field"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/categories") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("X-Padding", new string('p', 20_000));

        // HPACK refuses to decode a field past its limit: the connection ends with COMPRESSION_ERROR, or
        // the client, once it has the gateway's SETTINGS, refuses to send it. Either way no answer (no
        // 500), and nothing else is affected.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request));
        using var next = await _gateway.RestClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_client_that_does_not_finish_its_headers_in_time_gets_408()
    {
        await using var connection = await RawTlsConnection.OpenAsync(_gateway.HttpsPort, _certificate);

        await connection.WriteAsync("GET /v1/categories HTTP/1.1\r\nHost: localhost\r\n");
        var answer = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_sends_its_body_too_slowly_gets_408_and_its_connection_closed()
    {
        await using var connection = await RawTlsConnection.OpenAsync(_gateway.HttpsPort, _certificate);
        var token = TestIdentity.Submitter("limits-slow");

        await connection.WriteAsync(
            $"POST /v1/ideas HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{{\"title\":\"");
        var answer = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
    }
}
