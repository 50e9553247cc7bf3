using System.Net;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>
/// What the gateway tells browsers: CORS only for the configured origins (none by default), and
/// headers that forbid sniffing, framing, loading anything and leaking the referrer, on every
/// answer of the public port (success, refusal, the OpenAPI document).
/// </summary>
public sealed class BrowserProtectionTests : IAsyncLifetime
{
    private const string AllowedOrigin = "https://ideas.example.com";
    private const string OtherOrigin = "https://evil.example.net";

    private readonly TestCertificate _certificate = new();
    private LimitedGateway _withCors = null!;
    private LimitedGateway _byDefault = null!;

    public async Task InitializeAsync()
    {
        _withCors = await LimitedGateway.StartAsync(_certificate,
            ("Gateway:RateLimits:Enabled", "false"),
            ("Gateway:Cors:AllowedOrigins:0", AllowedOrigin));
        _byDefault = await LimitedGateway.StartAsync(_certificate, ("Gateway:RateLimits:Enabled", "false"));
    }

    public async Task DisposeAsync()
    {
        await _withCors.DisposeAsync();
        await _byDefault.DisposeAsync();
        _certificate.Dispose();
    }

    [Theory]
    [InlineData("/health", null, HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", null, HttpStatusCode.OK)]
    [InlineData("/v1/ideas", null, HttpStatusCode.Unauthorized)]
    [InlineData("/v1/unrouted", "token", HttpStatusCode.NotFound)]
    public async Task Every_answer_carries_the_security_headers(string path, string? token, HttpStatusCode expected)
    {
        using var client = _byDefault.RestClient(token is null ? null : TestIdentity.Submitter("headers-user"));

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_header_is_sent()
    {
        using var client = _byDefault.RestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add("Origin", AllowedOrigin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_allowed_origin_may_read_answers_and_a_refusal()
    {
        using var client = _withCors.RestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/ideas");
        request.Headers.Add("Origin", AllowedOrigin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        using var client = _withCors.RestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add("Origin", OtherOrigin);

        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_of_an_allowed_origin_allows_the_api_s_methods_and_the_authorization_header()
    {
        using var response = await PreflightAsync(AllowedOrigin);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var headers = Header(response, "Access-Control-Allow-Headers").ToLowerInvariant();
        Assert.Contains("authorization", headers, StringComparison.Ordinal);
        Assert.Contains("content-type", headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preflight_of_another_origin_is_not_allowed()
    {
        using var response = await PreflightAsync(OtherOrigin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Hsts_is_sent_over_https()
    {
        using var client = _byDefault.RestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        // HSTS is never sent to localhost: use a real name.
        request.Headers.Host = $"ideation.example.com:{_byDefault.HttpsPort}";

        using var response = await client.SendAsync(request);

        Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var client = _withCors.RestClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/ideas");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await client.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"No {name} header on the {(int)response.StatusCode} answer.");
}
