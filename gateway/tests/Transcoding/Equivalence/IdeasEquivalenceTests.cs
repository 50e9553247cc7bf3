using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ideation.Testing;
using Xunit.Abstractions;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>
/// Every REST route of the ideas service through the gateway's transcoder and through Microsoft's
/// in-process JSON transcoding (the reference), on the same database. Reads are compared byte for
/// byte as JSON; writes run on a fresh draft per side and are compared except for the draft's name.
/// </summary>
public sealed class IdeasEquivalenceTests(IdeasPair fixture, ITestOutputHelper output) : IClassFixture<IdeasPair>, IAsyncLifetime
{
    private static readonly string Alice = TestIdentity.Submitter("eq-alice");
    private static readonly string Bob = TestIdentity.Submitter("eq-bob");
    private static readonly string Rita = TestIdentity.Reviewer("eq-rita");

    private string _submitted = "";
    private string _approved = "";
    private string _draft = "";

    public async Task InitializeAsync()
    {
        // Seeded through the reference, so that the gateway's transcoder is only ever the thing under test.
        var reference = fixture.Pair.Reference;
        _draft = await CreateAsync(reference, Alice, """{"title":"Private draft about parking","category":"workplace"}""", "seed-draft");
        _submitted = await CreateAsync(reference, Alice, """{"title":"Solar panels on the roof","description":"Cut the energy bill with solar power","category":"cost-saving","tags":["green","energy"]}""", "seed-submitted");
        _approved = await CreateAsync(reference, Bob, """{"title":"Solar lamps in the car park","description":"Lamps that charge by day","category":"workplace","tags":["green"]}""", "seed-approved");
        await SendAsync(reference, Alice, "POST", $"/v1/{_submitted}:submit", "{}");
        await SendAsync(reference, Bob, "POST", $"/v1/{_approved}:submit", "{}");
        await SendAsync(reference, Rita, "POST", $"/v1/{_approved}:startReview", "{}");
        await SendAsync(reference, Rita, "POST", $"/v1/{_approved}:approve", """{"reason":"Cheap and safe"}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Reads: identical status, content type and JSON from both sides.</summary>
    public static TheoryData<string, string, string, string?> Reads => new()
    {
        { "categories", "alice", "GET /v1/categories", null },
        { "get a submitted idea", "bob", "GET /v1/{submitted}", null },
        { "get an approved idea with its reason", "alice", "GET /v1/{approved}", null },
        { "another user's draft is NOT_FOUND", "rita", "GET /v1/{draft}", null },
        { "malformed name is INVALID_ARGUMENT", "alice", "GET /v1/ideas/not-a-uuid", null },
        { "list: mine", "alice", "GET /v1/ideas?author=me", null },
        { "list: by state with a next page", "alice", "GET /v1/ideas?state=STATE_SUBMITTED&pageSize=1", null },
        { "list: by state as enum number", "alice", "GET /v1/ideas?state=2", null },
        { "list: by tag and category", "alice", "GET /v1/ideas?tag=green&category=cost-saving", null },
        { "list: full text by relevance", "alice", "GET /v1/ideas?query=solar&orderBy=relevance", null },
        { "list: proto field names", "alice", "GET /v1/ideas?page_size=2&order_by=update_time%20desc", null },
        { "list: negative page size", "alice", "GET /v1/ideas?pageSize=-1", null },
        { "list: forged page token", "alice", "GET /v1/ideas?pageToken=Zm9yZ2Vk", null },
        { "list: unknown order", "alice", "GET /v1/ideas?orderBy=title", null },
        { "events of an approved idea", "bob", "GET /v1/{approved}/events", null },
        { "events of an invisible draft", "bob", "GET /v1/{draft}/events", null },
        { "similar ideas", "alice", "POST /v1/ideas:findSimilar", """{"title":"Solar panels","description":"solar energy"}""" },
        { "similar ideas: title too long", "alice", "POST /v1/ideas:findSimilar", $$"""{"title":"{{new string('x', 201)}}"}""" },
        { "reviewer action by a submitter", "alice", "POST /v1/{approved}:implement", "{}" },
        { "reject without a reason", "rita", "POST /v1/{approved}:reject", "{}" },
        { "wrong state for a move", "rita", "POST /v1/{approved}:startReview", "{}" },
        { "create: every field invalid", "alice", "POST /v1/ideas", """{"title":"","description":"","category":"nope","tags":["Not A Slug!"]}""" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_and_refusals_are_identical(string name, string user, string request, string? body)
    {
        var (method, path) = Split(Resolve(request));

        var reference = await SendAsync(fixture.Pair.Reference, Token(user), method, path, body);
        var gateway = await SendAsync(fixture.Pair.Gateway, Token(user), method, path, body);

        output.WriteLine($"{name}\nreference: {reference}\ngateway:   {gateway}");
        Assert.Equal(reference.Status, gateway.Status);
        Assert.Equal(reference.MediaType, gateway.MediaType);
        Assert.True(JsonNode.DeepEquals(reference.Json, gateway.Json), $"JSON differs.\nreference: {reference.Json}\ngateway:   {gateway.Json}");
    }

    /// <summary>Writes on a fresh draft of each side: identical but for the draft's own name.</summary>
    public static TheoryData<string, string, string, string?, int> Writes => new()
    {
        { "create", "alice", "POST /v1/ideas", """{"title":"  Standing desks ","description":"For every team","category":"workplace","tags":["Health","health"]}""", 200 },
        { "update with a mask", "alice", "PATCH /v1/{fresh}?updateMask=title,tags", """{"title":"Renamed","tags":["x"],"description":"ignored"}""", 200 },
        { "update without a mask", "alice", "PATCH /v1/{fresh}", """{"title":"All fields","category":"process"}""", 200 },
        { "update with a stale etag", "alice", "PATCH /v1/{fresh}?updateMask=title", """{"title":"Late","etag":"999"}""", 409 },
        { "update by someone else", "bob", "PATCH /v1/{fresh}?updateMask=title", """{"title":"Mine now"}""", 404 },
        { "submit", "alice", "POST /v1/{fresh}:submit", "{}", 200 },
        { "submit with the current etag", "alice", "POST /v1/{fresh}:submit", """{"etag":"1"}""", 200 },
        { "withdraw with a reason", "alice", "POST /v1/{fresh}:withdraw", """{"reason":"Duplicate"}""", 200 },
        { "delete", "alice", "DELETE /v1/{fresh}", null, 200 },
        { "delete by someone else", "bob", "DELETE /v1/{fresh}", null, 404 },
        { "events of a fresh draft", "alice", "GET /v1/{fresh}/events", null, 200 },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_are_identical_but_for_the_new_name(string name, string user, string request, string? body, int status)
    {
        var answers = new List<Response>();
        foreach (var side in new[] { fixture.Pair.Reference, fixture.Pair.Gateway })
        {
            var fresh = await CreateAsync(side, Alice, """{"title":"Fresh draft","description":"To be changed","category":"other","tags":["fresh"]}""", requestId: null);
            var (method, path) = Split(request.Replace("{fresh}", fresh, StringComparison.Ordinal));
            var answer = await SendAsync(side, Token(user), method, path, body);
            answers.Add(answer with { Json = WithoutNames(answer.Json, fresh) });
        }

        output.WriteLine($"{name}\nreference: {answers[0]}\ngateway:   {answers[1]}");
        Assert.Equal(status, answers[0].Status);
        Assert.Equal(answers[0].Status, answers[1].Status);
        Assert.Equal(answers[0].MediaType, answers[1].MediaType);
        Assert.True(JsonNode.DeepEquals(answers[0].Json, answers[1].Json), $"JSON differs.\nreference: {answers[0].Json}\ngateway:   {answers[1].Json}");
    }

    /// <summary>Deliberate differences: the gateway refuses what the reference silently ignores.</summary>
    public static TheoryData<string, string, string, string?, int, int, int?> Differences => new()
    {
        // user, request, body, reference status, gateway status, gateway google.rpc code
        { "unknown query parameter", "alice", "GET /v1/ideas?colour=red", null, 200, 400, 3 },
        { "misspelt filter", "alice", "GET /v1/ideas?tags=green", null, 200, 400, 3 },
        { "unknown JSON field", "alice", "POST /v1/ideas", """{"title":"T","category":"other","colour":"red"}""", 200, 400, 3 },
        // In-process, ASP.NET Core's authentication answers before transcoding, with an empty body;
        // the gateway relays the service's own UNAUTHENTICATED as a google.rpc.Status.
        { "no token", "nobody", "GET /v1/categories", null, 401, 401, 16 },
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public async Task Strictness_is_the_only_difference(string name, string user, string request, string? body, int referenceStatus, int gatewayStatus, int? gatewayCode)
    {
        var (method, path) = Split(request);

        var reference = await SendAsync(fixture.Pair.Reference, Token(user), method, path, body);
        var gateway = await SendAsync(fixture.Pair.Gateway, Token(user), method, path, body);

        output.WriteLine($"{name}\nreference: {reference}\ngateway:   {gateway}");
        Assert.Equal(referenceStatus, reference.Status);
        Assert.Equal(gatewayStatus, gateway.Status);
        Assert.Equal(gatewayCode, gateway.Json?["code"]?.GetValue<int>());
    }

    private string Resolve(string request) => request
        .Replace("{submitted}", _submitted, StringComparison.Ordinal)
        .Replace("{approved}", _approved, StringComparison.Ordinal)
        .Replace("{draft}", _draft, StringComparison.Ordinal);

    private static string? Token(string user) => user switch
    {
        "nobody" => null,
        "alice" => Alice,
        "bob" => Bob,
        "rita" => Rita,
        _ => throw new ArgumentOutOfRangeException(nameof(user), user, "Unknown test user."),
    };

    private static (string Method, string Path) Split(string request) => request.Split(' ', 2) switch
    {
        [var method, var path] => (method, path),
        _ => throw new ArgumentException($"'{request}' is not 'METHOD /path'.", nameof(request)),
    };

    private static async Task<string> CreateAsync(HttpClient client, string token, string idea, string? requestId)
    {
        var path = requestId is null ? "/v1/ideas" : $"/v1/ideas?requestId={requestId}";
        var created = await SendAsync(client, token, "POST", path, idea);
        Assert.True(created.Status == 200, $"Seeding failed: {created}");
        return created.Json!["name"]!.GetValue<string>();
    }

    /// <summary>Replaces the per-side draft's name (and its events' names) with a placeholder.</summary>
    private static JsonNode? WithoutNames(JsonNode? json, string fresh)
    {
        var text = json?.ToJsonString().Replace(fresh, "ideas/{fresh}", StringComparison.Ordinal);
        var node = text is null ? null : JsonNode.Parse(text);
        if (node is JsonObject idea && idea["name"]?.GetValue<string>() is { } name && name.StartsWith("ideas/", StringComparison.Ordinal))
        {
            // A created idea's name is new on each side.
            idea["name"] = "ideas/{fresh}";
        }

        return node;
    }

    private static async Task<Response> SendAsync(HttpClient client, string? token, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private sealed record Response(int Status, string? MediaType, JsonNode? Json)
    {
        public override string ToString() => $"{Status} {MediaType} {Json?.ToJsonString()}";
    }
}
