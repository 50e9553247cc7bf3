using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>
/// The names and labels that dashboards and alert rules rely on. (Gateway and service share one
/// process here, hence one registry: each assertion names a series only one of them records.)
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(PlatformFixture platform)
{
    [Fact]
    public async Task Requests_are_counted_by_route_template_and_grpc_calls_by_method_and_code()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;
        var token = TestIdentity.Submitter("metrics-author");
        var idea = await client.CreateIdeaAsync(
            new CreateIdeaRequest { Idea = new Idea { Title = "Count me", Category = "other" } },
            new Metadata { { "authorization", $"Bearer {token}" } });
        using var rest = platform.RestClient(token);
        (await rest.GetAsync($"/v1/{idea.Name}")).EnsureSuccessStatusCode();
        using var management = platform.ManagementClient();

        var metrics = await management.GetStringAsync("/metrics");

        // The transcoded REST call, labelled by its HttpRule template rather than its path.
        Assert.Contains("http_requests_total{method=\"GET\",route=\"/v1/{name=ideas/*}\",status=\"200\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/{name=ideas/*}\",le=\"0.005\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/{name=ideas/*}\",le=\"10\"}", metrics, StringComparison.Ordinal);
        // The service's side of both calls, and the gateway's client side of the transcoded one.
        Assert.Contains("grpc_server_handled_total{grpc_type=\"unary\",grpc_service=\"ideation.ideas.v1.IdeaService\",grpc_method=\"CreateIdea\",grpc_code=\"OK\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("grpc_server_handling_seconds_bucket{grpc_type=\"unary\",grpc_service=\"ideation.ideas.v1.IdeaService\",grpc_method=\"GetIdea\"", metrics, StringComparison.Ordinal);
        Assert.Contains("grpc_client_handled_total{grpc_type=\"unary\",grpc_service=\"ideation.ideas.v1.IdeaService\",grpc_method=\"GetIdea\",grpc_code=\"OK\"}", metrics, StringComparison.Ordinal);
        // Ids never become label values: one series per idea would grow without bound.
        Assert.DoesNotContain(idea.Name["ideas/".Length..], metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_grpc_calls_are_counted_with_their_code()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;

        await Assert.ThrowsAsync<RpcException>(() => client.GetIdeaAsync(
            new GetIdeaRequest { Name = "ideas/00000000-0000-4000-8000-000000000000" },
            new Metadata { { "authorization", $"Bearer {TestIdentity.Submitter("metrics-reader")}" } }).ResponseAsync);
        using var management = platform.ManagementClient();

        var metrics = await management.GetStringAsync("/metrics");

        Assert.Contains("grpc_server_handled_total{grpc_type=\"unary\",grpc_service=\"ideation.ideas.v1.IdeaService\",grpc_method=\"GetIdea\",grpc_code=\"NotFound\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_memory_pool_is_not_published_while_other_dotnet_meters_are()
    {
        // A request body makes Kestrel rent buffers from its pool: the meter of those rents is the one
        // left out (a measurement per 4 KiB block), Kestrel's own meter still shows.
        using var rest = platform.RestClient(TestIdentity.Submitter("metrics-pool"));
        using var body = new StringContent(new string('x', 256 * 1024), System.Text.Encoding.UTF8, "application/json");
        await rest.PostAsync("/v1/ideas", body);
        using var management = platform.ManagementClient();

        var metrics = await management.GetStringAsync("/metrics");

        Assert.DoesNotContain("aspnetcore_memory_pool", metrics, StringComparison.Ordinal);
        Assert.Contains("microsoft_aspnetcore_server_kestrel_kestrel_active_connections", metrics, StringComparison.Ordinal);
    }
}
