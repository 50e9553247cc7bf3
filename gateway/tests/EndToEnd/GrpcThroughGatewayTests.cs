using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>An internal service's view: native gRPC (Grpc.Net.Client) over TLS through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GrpcThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_idea_is_created_read_and_reviewed_over_grpc()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;
        var author = Bearer(TestIdentity.Submitter("grpc-author-1"));
        var reviewer = Bearer(TestIdentity.Reviewer("grpc-reviewer-1"));

        var created = await client.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = "Solar panels on the car park", Description = "Shade and power", Category = "cost-saving" },
        }, author);
        var read = await client.GetIdeaAsync(new GetIdeaRequest { Name = created.Name }, author);
        Assert.Equal(created, read);

        await client.SubmitIdeaAsync(new SubmitIdeaRequest { Name = created.Name, Etag = read.Etag }, author);
        await client.StartReviewAsync(new StartReviewRequest { Name = created.Name }, reviewer);
        var rejected = await client.RejectIdeaAsync(new RejectIdeaRequest { Name = created.Name, Reason = "Roof is leased" }, reviewer);

        Assert.Equal(Idea.Types.State.Rejected, rejected.State);
        Assert.Equal("Roof is leased", rejected.DecisionReason);
    }

    [Fact]
    public async Task Rich_error_details_reach_grpc_clients()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateIdeaAsync(
            new CreateIdeaRequest { Idea = new Idea { Title = "", Category = "process" } },
            Bearer(TestIdentity.Submitter("grpc-author-2"))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Contains(badRequest.FieldViolations, violation => violation.Field == "idea.title");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-jwt")]
    public async Task Calls_without_a_valid_token_fail_with_unauthenticated_not_unknown(string? authorization)
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;
        var headers = new Metadata();
        if (authorization is not null)
        {
            headers.Add("authorization", authorization);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListCategoriesAsync(new ListCategoriesRequest(), headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task Grpc_and_rest_see_the_same_idea()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;
        var token = TestIdentity.Submitter("grpc-author-3");
        var created = await client.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = "Shared bikes", Category = "workplace", Tags = { "green", "travel" } },
        }, Bearer(token));

        using var rest = platform.RestClient(token);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await rest.GetStringAsync($"/v1/{created.Name}"))!;

        var parsed = Google.Protobuf.JsonParser.Default.Parse<Idea>(json.ToJsonString());
        Assert.Equal(created, parsed);
    }

    [Fact]
    public async Task Internal_services_are_not_routed()
    {
        var channel = TestChannels.ForAddress(platform.GatewayAddress, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = platform.Certificate.CreateHandler() });
        using var _ = channel;
        var scanner = new Ideation.Contracts.Scanner.V1.ScannerService.ScannerServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => scanner.GetEngineInfoAsync(
            new Ideation.Contracts.Scanner.V1.GetEngineInfoRequest(), Bearer(TestIdentity.Admin("grpc-admin"))).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task A_call_over_the_limit_of_a_service_without_uploads_fails_with_resource_exhausted()
    {
        var client = platform.GrpcClient(out var channel);
        using var _ = channel;

        // The ideas service takes no uploads, so its route keeps the small default of 1 MiB.
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateIdeaAsync(
            new CreateIdeaRequest { Idea = new Idea { Title = "Long", Category = "other", Description = new string('x', 1024 * 1024) } },
            Bearer(TestIdentity.Submitter("grpc-author-4"))).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
