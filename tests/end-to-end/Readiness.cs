using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// What a dependency outage must do to the probes of every process: readiness turns false only for
/// the components that cannot serve without it, liveness never does, and the gateway stays ready
/// while reporting the backend it cannot reach.
/// </summary>
public static class Readiness
{
    private static readonly HttpClient Management = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Waits until exactly <paramref name="notReady"/> answer /ready with 503, then checks /health everywhere.</summary>
    public static async Task AssertOnlyAsync(Platform platform, params string[] notReady)
    {
        var processes = new[] { platform.Gateway, platform.Ideas, platform.Documents, platform.Scanner };
        await Eventually.AssertAsync(async () =>
        {
            foreach (var process in processes)
            {
                var expected = notReady.Contains(process.Name) ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
                if (await StatusAsync(process, "/ready") != expected)
                {
                    return false;
                }
            }

            return true;
        }, $"only [{string.Join(", ", notReady)}] are not ready");

        foreach (var process in processes)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(process, "/health"));
        }
    }

    /// <summary>The status the gateway's readiness body reports for its backends: Healthy or Degraded.</summary>
    public static async Task<string> GatewayBackendsAsync(Platform platform)
    {
        using var response = await Management.GetAsync($"http://127.0.0.1:{platform.Gateway.ManagementPort}/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["checks"]!["backends"]!["status"]!.GetValue<string>();
    }

    private static async Task<HttpStatusCode> StatusAsync(ServiceProcess process, string path)
    {
        using var response = await Management.GetAsync($"http://127.0.0.1:{process.ManagementPort}{path}");
        return response.StatusCode;
    }
}
