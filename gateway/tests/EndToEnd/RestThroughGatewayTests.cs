using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>A browser's view: REST/JSON over TLS through the gateway's transcoding, against real PostgreSQL.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RestThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_idea_goes_from_draft_to_approved_over_rest()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("rest-author-1"));
        using var reviewer = platform.RestClient(TestIdentity.Reviewer("rest-reviewer-1"));

        var created = await SendAsync(author, HttpMethod.Post, "/v1/ideas?requestId=rest-1",
            new { title = "  Quiet room on floor 3 ", description = "A room without calls", category = "workplace", tags = new[] { "Focus", "focus" } });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var name = created.Json!["name"]!.GetValue<string>();
        Assert.Matches("^ideas/[0-9a-f-]{36}$", name);
        Assert.Equal("Quiet room on floor 3", created.Json["title"]!.GetValue<string>());
        Assert.Equal("STATE_DRAFT", created.Json["state"]!.GetValue<string>());
        Assert.Equal(["focus"], created.Json["tags"]!.AsArray().Select(tag => tag!.GetValue<string>()));
        Assert.Equal("rest-author-1", created.Json["author"]!.GetValue<string>());
        // Proto3 JSON: defaults are printed, timestamps are RFC 3339 strings.
        Assert.Equal("", created.Json["decisionReason"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(created.Json["createTime"]!.GetValue<string>(), out _));

        var retried = await SendAsync(author, HttpMethod.Post, "/v1/ideas?requestId=rest-1",
            new { title = "Quiet room on floor 3", description = "A room without calls", category = "workplace" });
        Assert.Equal(name, retried.Json!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(reviewer, HttpMethod.Get, $"/v1/{name}")).Status);

        var submitted = await SendAsync(author, HttpMethod.Post, $"/v1/{name}:submit", new { });
        Assert.Equal("STATE_SUBMITTED", submitted.Json!["state"]!.GetValue<string>());

        var reviewing = await SendAsync(reviewer, HttpMethod.Post, $"/v1/{name}:startReview", new { });
        Assert.Equal("STATE_UNDER_REVIEW", reviewing.Json!["state"]!.GetValue<string>());

        var approved = await SendAsync(reviewer, HttpMethod.Post, $"/v1/{name}:approve", new { reason = "Cheap and popular" });
        Assert.Equal("STATE_APPROVED", approved.Json!["state"]!.GetValue<string>());
        Assert.Equal("Cheap and popular", approved.Json["decisionReason"]!.GetValue<string>());

        var events = await SendAsync(author, HttpMethod.Get, $"/v1/{name}/events");
        Assert.Equal(HttpStatusCode.OK, events.Status);
        Assert.Equal(
            ["STATE_DRAFT", "STATE_SUBMITTED", "STATE_UNDER_REVIEW", "STATE_APPROVED"],
            events.Json!["events"]!.AsArray().Select(e => e!["toState"]!.GetValue<string>()));

        var mine = await SendAsync(author, HttpMethod.Get, "/v1/ideas?author=me&pageSize=5");
        Assert.Contains(mine.Json!["ideas"]!.AsArray(), idea => idea!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Validation_errors_come_back_as_400_with_every_bad_field()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("rest-author-2"));

        var response = await SendAsync(author, HttpMethod.Post, "/v1/ideas",
            new { title = " ", category = "no-such-category", tags = new[] { "not a slug" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(3, response.Json!["code"]!.GetValue<int>());
        var violations = response.Json["details"]!.AsArray()
            .Single(detail => detail!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.BadRequest")!["fieldViolations"]!.AsArray()
            .Select(violation => violation!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("idea.title", violations);
        Assert.Contains("idea.category", violations);
        Assert.Contains(violations, field => field.StartsWith("idea.tags", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workflow_refusals_map_to_http_statuses()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("rest-author-3"));
        using var stranger = platform.RestClient(TestIdentity.Submitter("rest-stranger-3"));

        var created = await SendAsync(author, HttpMethod.Post, "/v1/ideas", new { title = "Shared calendars", category = "process" });
        var name = created.Json!["name"]!.GetValue<string>();
        var etag = created.Json["etag"]!.GetValue<string>();

        // Another user's draft is invisible: 404, never 403.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(stranger, HttpMethod.Get, $"/v1/{name}")).Status);

        await SendAsync(author, HttpMethod.Post, $"/v1/{name}:submit", new { });
        // A submitter attempting a reviewer action: 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(stranger, HttpMethod.Post, $"/v1/{name}:startReview", new { })).Status);
        // A stale etag: 409, and nothing changes.
        var stale = await SendAsync(author, HttpMethod.Patch, $"/v1/{name}?updateMask=title", new { title = "Renamed", etag });
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(10, stale.Json!["code"]!.GetValue<int>());
        Assert.Equal("Shared calendars", (await SendAsync(author, HttpMethod.Get, $"/v1/{name}")).Json!["title"]!.GetValue<string>());
        // A move the workflow does not allow: 400 FAILED_PRECONDITION naming the state.
        var refused = await SendAsync(author, HttpMethod.Post, $"/v1/{name}:submit", new { });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(9, refused.Json!["code"]!.GetValue<int>());
        Assert.Contains("SUBMITTED", refused.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_transcoding_refuses_unknown_fields_parameters_and_routes()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("rest-author-4"));

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(author, HttpMethod.Post, "/v1/ideas", new { title = "x", category = "process", colour = "red" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(author, HttpMethod.Get, "/v1/ideas?sort=title")).Status);
        var unknown = await SendAsync(author, HttpMethod.Get, "/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(5, unknown.Json!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_json_body_over_the_gateways_limit_gets_413()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("rest-author-5"));

        // Over the default limit of 1 MiB for JSON: refused as it arrives, never buffered whole.
        var response = await SendAsync(author, HttpMethod.Post, "/v1/ideas", new { title = "Long", category = "other", description = new string('x', 1024 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal(8, response.Json!["code"]!.GetValue<int>());
        Assert.Contains(response.Json["details"]!.AsArray(), detail => detail!["reason"]?.GetValue<string>() == "REQUEST_TOO_LARGE");
    }

    [Fact]
    public async Task An_unknown_path_outside_the_rest_prefixes_gets_404_with_a_status_body()
    {
        using var client = platform.RestClient(TestIdentity.Submitter("rest-author-6"));

        var response = await SendAsync(client, HttpMethod.Get, "/nothing/here.json");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(5, response.Json!["code"]!.GetValue<int>());
        Assert.Contains(response.Json["details"]!.AsArray(), detail => detail!["reason"]?.GetValue<string>() == "NOT_ROUTED");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    public async Task Calls_without_a_valid_token_get_401_with_a_status_body(string? token)
    {
        using var client = platform.RestClient(token);

        var response = await SendAsync(client, HttpMethod.Get, "/v1/categories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(16, response.Json!["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(response.Json["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forged = new Ideation.ServiceDefaults.Identity.TokenOptions
        {
            Issuer = TestIdentity.Options.Issuer,
            Audience = TestIdentity.Options.Audience,
            SigningKey = "another-key-that-the-gateway-does-not-know-0123456789",
        };
        using var client = platform.RestClient(Ideation.ServiceDefaults.Identity.TokenIssuer.Issue(forged, "mallory", "Mallory", ["admin"], TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/v1/categories")).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
