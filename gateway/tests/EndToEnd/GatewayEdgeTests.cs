using System.Net;
using System.Text.Json.Nodes;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>What the edge promises besides the API: HTTPS only, probes apart from the API, open docs.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayEdgeTests(PlatformFixture platform)
{
    [Fact]
    public async Task Plain_http_only_redirects_to_https()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync($"http://localhost:{platform.HttpPort}/v1/ideas?pageSize=1");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://localhost:{platform.HttpsPort}/v1/ideas?pageSize=1", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Https_responses_carry_hsts_and_negotiate_http2()
    {
        using var client = platform.RestClient(TestIdentity.Submitter("edge-1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/categories") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        // HSTS is never sent to localhost (browsers would pin it for every local project): use a real name.
        request.Headers.Host = $"ideation.example.com:{platform.HttpsPort}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_balancers_get_liveness_on_the_public_port_without_a_token()
    {
        using var client = platform.RestClient(token: null);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/ready")]
    [InlineData("/metrics")]
    public async Task Readiness_and_metrics_are_not_served_on_the_public_port(string path)
    {
        using var client = platform.RestClient(TestIdentity.Admin("edge-admin"));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        // Even a Host header naming the management port must not reach them.
        request.Headers.Host = $"localhost:{platform.ManagementPort}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_management_port_reports_backends_and_metrics()
    {
        using var client = platform.ManagementClient();

        var ready = JsonNode.Parse(await client.GetStringAsync("/ready"))!;
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal("Healthy", ready["checks"]!["backends"]!["status"]!.GetValue<string>());
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rest_surface_without_a_token()
    {
        using var client = platform.RestClient(token: null);

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/v1/ideas", paths);
        Assert.Contains(paths, path => path.EndsWith(":submit", StringComparison.Ordinal));
    }
}
