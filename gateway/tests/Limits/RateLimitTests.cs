using System.Net;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Gateway.Limits;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>
/// The rate limits on real gateways sharing a real Redis of this class's own (it is killed and
/// restarted): every replica spends from one allowance, refusals say when to retry in the caller's
/// protocol, and a Redis outage falls back to each replica's share instead of opening or closing.
/// The limits are tiny (a request per 100 s, small bursts), so that no test depends on timing.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    /// <summary>One request per 100 s once the burst is spent: a refusal's wait is 100 s minus the time the test took.</summary>
    private const string SlowRate = "0.01";

    private readonly TestCertificate _certificate = new();
    private readonly List<LimitedGateway> _gateways = [];
    private LocalServer _redis = null!;

    public async Task InitializeAsync() => _redis = await LocalServer.StartRedisAsync();

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _redis.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task Two_gateways_spend_one_user_allowance_and_refuse_with_429_retry_after_and_retry_info()
    {
        var (first, second) = await StartPairAsync(userBurst: 4, addressBurst: 1000);
        using var onFirst = first.RestClient(TestIdentity.Submitter("shared-user"));
        using var onSecond = second.RestClient(TestIdentity.Submitter("shared-user"));
        using var otherUser = second.RestClient(TestIdentity.Submitter("other-user"));

        foreach (var client in new[] { onFirst, onFirst, onSecond, onSecond })
        {
            await AssertAllowedAsync(client);
        }

        using var refused = await onSecond.GetAsync("/v1/unrouted");
        using var refusedOnFirst = await onFirst.GetAsync("/v1/unrouted");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOnFirst.StatusCode);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 60, 100);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal((int)Code.ResourceExhausted, body["code"]!.GetValue<int>());
        var details = body["details"]!.AsArray();
        var info = details.Single(detail => detail!["@type"]!.GetValue<string>().EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal))!;
        Assert.Equal("RATE_LIMITED", info["reason"]!.GetValue<string>());
        Assert.Equal("user", info["metadata"]!["limit"]!.GetValue<string>());
        var retryInfo = details.Single(detail => detail!["@type"]!.GetValue<string>().EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal))!;
        Assert.Equal($"{retryAfter}s", retryInfo["retryDelay"]!.GetValue<string>());
        var quota = details.Single(detail => detail!["@type"]!.GetValue<string>().EndsWith("google.rpc.QuotaFailure", StringComparison.Ordinal))!;
        Assert.Equal("user", quota["violations"]![0]!["subject"]!.GetValue<string>());
        // Another user from the same address still has an allowance of their own.
        await AssertAllowedAsync(otherUser);
        Assert.Equal(LimitStore.Redis, second.Limiter!.LastStore);
    }

    [Fact]
    public async Task Unauthenticated_and_badly_authenticated_calls_spend_their_address_allowance()
    {
        var (first, second) = await StartPairAsync(userBurst: 1000, addressBurst: 3);
        using var anonymous = first.RestClient();
        using var forged = second.RestClient("not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/ideas")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/v1/ideas")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/ideas")).StatusCode);
        using var refused = await forged.GetAsync("/v1/ideas");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Contains("client address", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Probes are never limited.
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var management = first.ManagementClient();
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/ready")).StatusCode);
    }

    [Fact]
    public async Task Native_grpc_calls_are_refused_with_resource_exhausted_retry_info_and_quota_failure()
    {
        var (first, _) = await StartPairAsync(userBurst: 1, addressBurst: 1000);
        using var channel = first.GrpcChannel();
        var client = new IdeaService.IdeaServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {TestIdentity.Submitter("grpc-user")}" } };
        var request = new GetIdeaRequest { Name = "ideas/00000000-0000-4000-8000-000000000000" };

        // The first call is allowed (and fails on the absent backend); the second is over the limit.
        var allowed = await Assert.ThrowsAsync<RpcException>(() => client.GetIdeaAsync(request, headers).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.GetIdeaAsync(request, headers).ResponseAsync);

        Assert.NotEqual(StatusCode.ResourceExhausted, allowed.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("RATE_LIMITED", status.GetDetail<ErrorInfo>().Reason);
        Assert.InRange(status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan().TotalSeconds, 60, 100);
        Assert.Equal("user", Assert.Single(status.GetDetail<QuotaFailure>().Violations).Subject);
    }

    [Fact]
    public async Task Without_redis_each_gateway_grants_its_share_stays_ready_and_shares_again_once_redis_is_back()
    {
        // Burst 4 shared; half of it (2) per gateway while Redis is down.
        var (first, second) = await StartPairAsync(userBurst: 4, addressBurst: 1000);
        await AssertAllowedAsync(first.RestClient(TestIdentity.Submitter("before-outage")));

        _redis.Kill();
        using var onFirst = first.RestClient(TestIdentity.Submitter("outage-user"));
        using var onSecond = second.RestClient(TestIdentity.Submitter("outage-user"));
        await AssertAllowedAsync(onFirst);
        await AssertAllowedAsync(onFirst);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onFirst.GetAsync("/v1/unrouted")).StatusCode);
        await AssertAllowedAsync(onSecond);
        await AssertAllowedAsync(onSecond);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onSecond.GetAsync("/v1/unrouted")).StatusCode);
        Assert.Equal(LimitStore.Local, first.Limiter!.LastStore);
        using var management = first.ManagementClient();
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/ready")).StatusCode);
        Assert.Contains("gateway_rate_limit_redis_failures_total", await management.GetStringAsync("/metrics"), StringComparison.Ordinal);

        await _redis.StartAgainAsync();
        await WaitUntilSharedAsync(first);
        await WaitUntilSharedAsync(second);
        using var afterFirst = first.RestClient(TestIdentity.Submitter("after-outage"));
        using var afterSecond = second.RestClient(TestIdentity.Submitter("after-outage"));

        // More than a gateway's local share, then the rest on the other: one allowance again.
        await AssertAllowedAsync(afterFirst);
        await AssertAllowedAsync(afterFirst);
        await AssertAllowedAsync(afterFirst);
        await AssertAllowedAsync(afterSecond);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await afterSecond.GetAsync("/v1/unrouted")).StatusCode);
        Assert.Equal(LimitStore.Redis, second.Limiter!.LastStore);
    }

    private async Task<(LimitedGateway First, LimitedGateway Second)> StartPairAsync(int userBurst, int addressBurst)
    {
        var prefix = $"test:rate:{Guid.NewGuid():N}";
        (string, string)[] settings =
        [
            ("Gateway:RateLimits:Redis", _redis.Endpoint),
            ("Gateway:RateLimits:KeyPrefix", prefix),
            // Generous for a loaded test machine: a slow answer must not be mistaken for an outage.
            ("Gateway:RateLimits:RedisTimeout", "00:00:05"),
            ("Gateway:RateLimits:FallbackRetryInterval", "00:00:01"),
            ("Gateway:RateLimits:LocalShare", "0.5"),
            ("Gateway:RateLimits:PerUser:RequestsPerSecond", SlowRate),
            ("Gateway:RateLimits:PerUser:Burst", userBurst.ToString()),
            ("Gateway:RateLimits:PerClientAddress:RequestsPerSecond", SlowRate),
            ("Gateway:RateLimits:PerClientAddress:Burst", addressBurst.ToString()),
        ];
        var first = await LimitedGateway.StartAsync(_certificate, settings);
        _gateways.Add(first);
        var second = await LimitedGateway.StartAsync(_certificate, settings);
        _gateways.Add(second);
        return (first, second);
    }

    /// <summary>An allowed call reaches the gateway's routing: 404 for the unrouted path.</summary>
    private static async Task AssertAllowedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/unrouted");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Probes with calls of fresh users (each spends only its own allowance) until Redis decides again.</summary>
    private static async Task WaitUntilSharedAsync(LimitedGateway gateway)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        for (var probe = 0; gateway.Limiter!.LastStore != LimitStore.Redis; probe++)
        {
            Assert.True(DateTime.UtcNow < deadline, "The gateway did not go back to Redis within 90 s.");
            await Task.Delay(200);
            using var client = gateway.RestClient(TestIdentity.Submitter($"probe-{probe}"));
            await AssertAllowedAsync(client);
        }
    }
}
