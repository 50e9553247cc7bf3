using System.Globalization;
using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>
/// The gateway's rate limits as the chart configures them: shared through the platform's Redis, and
/// while Redis is down each replica grants 1 / (the fewest replicas there are) of each limit, so that
/// together they stay near it.
/// </summary>
public sealed class GatewayLimitsSettingsTests
{
    [Theory]
    [InlineData(new string[0], 0.5)]
    [InlineData(new[] { "--set", "gateway.autoscaling.minReplicas=4" }, 0.25)]
    [InlineData(new[] { "--set", "gateway.autoscaling.enabled=false", "--set", "gateway.replicas=3" }, 0.3333)]
    public async Task Each_replica_s_local_share_follows_the_fewest_replicas(string[] values, double share)
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(values));

        var config = Config(manifests);
        Assert.Equal("true", (string?)config["Gateway__RateLimits__Enabled"]);
        Assert.Equal(share, double.Parse((string)config["Gateway__RateLimits__LocalShare"]!, CultureInfo.InvariantCulture), 4);
        Assert.Equal("00:00:00.100", (string?)config["Gateway__RateLimits__RedisTimeout"]);
        var gateway = PodSpecs.Of(manifests.Single("Deployment", "ideation-gateway"))!.Containers().Single(container => container.Name == "gateway");
        var redis = gateway.Env().Single(env => (string?)env["name"] == "Gateway__RateLimits__Redis");
        Assert.Equal("redis", (string?)redis["valueFrom"]!["secretKeyRef"]!["key"]);
    }

    [Fact]
    public async Task Allowed_origins_become_the_gateway_s_cors_list_and_none_by_default()
    {
        var byDefault = Config(Manifests.Parse(await RenderedChart.TemplateAsync([])));
        var configured = Config(Manifests.Parse(await RenderedChart.TemplateAsync(["--set", "gateway.cors.allowedOrigins={https://ideas.example.com}"])));

        Assert.DoesNotContain(byDefault, entry => entry.Key.StartsWith("Gateway__Cors__", StringComparison.Ordinal));
        Assert.Equal("https://ideas.example.com", (string?)configured["Gateway__Cors__AllowedOrigins__0"]);
    }

    private static JsonObject Config(Manifests manifests) =>
        (JsonObject)manifests.Single("ConfigMap", "ideation-gateway").Body["data"]!;
}
