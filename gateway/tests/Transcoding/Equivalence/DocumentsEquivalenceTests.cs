using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>
/// The REST routes of the documents service through the gateway's transcoder and through Microsoft's
/// in-process JSON transcoding (the reference), on one database and one storage. Every unary route is
/// compared as JSON, answers and refusals alike; the download and the upload, which Microsoft cannot
/// serve as a file, are the stated differences.
/// </summary>
public sealed class DocumentsEquivalenceTests(DocumentsPair fixture, ITestOutputHelper output) : IClassFixture<DocumentsPair>
{
    private const string MissingDocument = "{idea}/documents/00000000-0000-4000-8000-000000000000";

    /// <summary>Reads and refusals: identical status, content type and JSON from both sides.</summary>
    public static TheoryData<string, string, string, string?> Reads => new()
    {
        { "get a pending document", "alice", "GET /v1/{pending}", null },
        { "get a clean document", "alice", "GET /v1/{clean}", null },
        { "get: another user's draft idea hides its documents", "bob", "GET /v1/{pending}", null },
        { "get: a missing document", "alice", $"GET /v1/{MissingDocument}", null },
        { "get: a malformed name", "alice", "GET /v1/{idea}/documents/not-a-uuid", null },
        { "list", "alice", "GET /v1/{idea}/documents", null },
        { "list: a page and its token", "alice", "GET /v1/{idea}/documents?pageSize=1", null },
        { "list: proto field names", "alice", "GET /v1/{idea}/documents?page_size=1", null },
        { "list: negative page size", "alice", "GET /v1/{idea}/documents?pageSize=-1", null },
        { "list: forged page token", "alice", "GET /v1/{idea}/documents?pageToken=Zm9yZ2Vk", null },
        { "list: another user's draft idea", "bob", "GET /v1/{idea}/documents", null },
        { "delete: by someone who cannot see it", "bob", "DELETE /v1/{pending}", null },
        { "delete: a missing document", "alice", $"DELETE /v1/{MissingDocument}", null },
        { "download URL: a pending document is refused", "alice", "POST /v1/{pending}:createDownloadUrl", "{}" },
        { "download URL: proto body with the name from the path", "alice", "POST /v1/{pending}:createDownloadUrl", """{"name":"ignored"}""" },
        { "download: a pending document is refused before any byte", "alice", "GET /v1/{pending}:download", null },
        { "rescan: admins only", "alice", "POST /v1/{pending}:rescan", "{}" },
        { "release: admins only", "alice", "POST /v1/{clean}:release", """{"reason":"False positive"}""" },
        { "release: a reason is required", "ada", "POST /v1/{clean}:release", "{}" },
        { "release: only an infected document", "ada", "POST /v1/{clean}:release", """{"reason":"False positive"}""" },
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

    [Fact]
    public async Task Deleting_answers_the_same_on_a_document_of_each_side()
    {
        var answers = new List<Response>();
        foreach (var side in new[] { fixture.Pair.Reference, fixture.Pair.Gateway })
        {
            var fresh = await fixture.UploadAsync(DocumentsPair.Pdf(4096), "fresh.pdf");
            answers.Add(await SendAsync(side, DocumentsPair.Alice, "DELETE", $"/v1/{fresh.Name}", null));
            Assert.Equal(404, (await SendAsync(side, DocumentsPair.Alice, "GET", $"/v1/{fresh.Name}", null)).Status);
        }

        output.WriteLine($"reference: {answers[0]}\ngateway:   {answers[1]}");
        Assert.Equal((200, "application/json"), (answers[0].Status, answers[0].MediaType));
        Assert.Equal((answers[0].Status, answers[0].MediaType), (answers[1].Status, answers[1].MediaType));
        Assert.True(JsonNode.DeepEquals(answers[0].Json, answers[1].Json));
    }

    [Fact]
    public async Task A_download_url_has_the_same_shape_from_both_sides()
    {
        var reference = await SendAsync(fixture.Pair.Reference, DocumentsPair.Alice, "POST", $"/v1/{fixture.Clean}:createDownloadUrl", "{}");
        var gateway = await SendAsync(fixture.Pair.Gateway, DocumentsPair.Alice, "POST", $"/v1/{fixture.Clean}:createDownloadUrl", "{}");

        output.WriteLine($"reference: {reference}\ngateway:   {gateway}");
        // Each URL is signed when asked for, so only its shape can match.
        foreach (var answer in new[] { reference, gateway })
        {
            Assert.Equal((200, "application/json"), (answer.Status, answer.MediaType));
            Assert.Equal(["url", "expireTime"], answer.Json!.AsObject().Select(field => field.Key));
            Assert.StartsWith("http", answer.Json["url"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(answer.Json["expireTime"]!.GetValue<string>(), out _));
        }
    }

    [Fact]
    public async Task A_clean_download_is_the_file_only_through_the_gateway()
    {
        using var reference = await GetAsync(fixture.Pair.Reference, $"/v1/{fixture.Clean}:download");
        using var gateway = await GetAsync(fixture.Pair.Gateway, $"/v1/{fixture.Clean}:download");
        var referenceBytes = await reference.Content.ReadAsByteArrayAsync();
        var gatewayBytes = await gateway.Content.ReadAsByteArrayAsync();

        // The gateway: the file's bytes, its detected type, the headers the service set to describe it.
        Assert.Equal(200, (int)gateway.StatusCode);
        Assert.Equal(fixture.CleanBytes, gatewayBytes);
        Assert.Equal("application/pdf", gateway.Content.Headers.ContentType!.MediaType);
        Assert.Equal("clean.pdf", gateway.Content.Headers.ContentDisposition!.FileNameStar);
        // Microsoft starts the response when the service sends its headers, before the first message
        // names the type (so: JSON), and writes a newline after every message of a stream: the file
        // comes out longer and corrupt.
        Assert.Equal(200, (int)reference.StatusCode);
        Assert.Equal("application/json", reference.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(fixture.CleanBytes, referenceBytes);
        Assert.Equal(fixture.CleanBytes, referenceBytes.Where((_, index) => !IsDelimiterAfterMessage(index)).ToArray());
    }

    /// <summary>Deliberate differences: the gateway refuses what the reference ignores, and transcodes what it cannot.</summary>
    public static TheoryData<string, string, string, string?, int, int, int?> Differences => new()
    {
        // user, request, body, reference status, gateway status, gateway google.rpc code
        { "unknown query parameter", "alice", "GET /v1/{idea}/documents?size=1", null, 200, 400, 3 },
        { "unknown JSON field", "ada", "POST /v1/{clean}:release", """{"reason":"x","why":"y"}""", 400, 400, 3 },
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public async Task Strictness_is_the_only_other_difference(string name, string user, string request, string? body, int referenceStatus, int gatewayStatus, int? gatewayCode)
    {
        var (method, path) = Split(Resolve(request));

        var reference = await SendAsync(fixture.Pair.Reference, Token(user), method, path, body);
        var gateway = await SendAsync(fixture.Pair.Gateway, Token(user), method, path, body);

        output.WriteLine($"{name}\nreference: {reference}\ngateway:   {gateway}");
        Assert.Equal(referenceStatus, reference.Status);
        Assert.Equal(gatewayStatus, gateway.Status);
        Assert.Equal(gatewayCode, gateway.Json?["code"]?.GetValue<int>());
    }

    [Fact]
    public async Task Only_the_gateway_transcodes_an_upload()
    {
        var pdf = DocumentsPair.Pdf(8 * 1024);

        var reference = await PostFileAsync(fixture.Pair.Reference, pdf);
        var gateway = await PostFileAsync(fixture.Pair.Gateway, pdf);

        output.WriteLine($"reference: {reference}\ngateway:   {gateway}");
        // Microsoft's JSON transcoding has no client streaming: the route does not exist in-process.
        Assert.Equal(405, reference.Status);
        Assert.Equal(200, gateway.Status);
        Assert.Equal(pdf.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), gateway.Json!["sizeBytes"]!.GetValue<string>());
    }

    /// <summary>Whether a byte of Microsoft's download is the newline it writes after each 64 KiB message.</summary>
    private bool IsDelimiterAfterMessage(int index)
    {
        const int message = Ideation.Documents.Api.DocumentGrpcService.DownloadChunkBytes;
        var messages = (fixture.CleanBytes.Length + message - 1) / message;
        return (index + 1) % (message + 1) == 0 || index == fixture.CleanBytes.Length + messages - 1;
    }

    private string Resolve(string request) => request
        .Replace("{pending}", fixture.Pending, StringComparison.Ordinal)
        .Replace("{clean}", fixture.Clean, StringComparison.Ordinal)
        .Replace("{idea}", fixture.Idea, StringComparison.Ordinal);

    private static string Token(string user) => user switch
    {
        "alice" => DocumentsPair.Alice,
        "bob" => DocumentsPair.Bob,
        "ada" => DocumentsPair.Ada,
        _ => throw new ArgumentOutOfRangeException(nameof(user), user, "Unknown test user."),
    };

    private static (string Method, string Path) Split(string request) => request.Split(' ', 2) switch
    {
        [var method, var path] => (method, path),
        _ => throw new ArgumentException($"'{request}' is not 'METHOD /path'.", nameof(request)),
    };

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocumentsPair.Alice);
        return client.SendAsync(request);
    }

    private async Task<Response> PostFileAsync(HttpClient client, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/{fixture.Idea}/documents?filename=upload.pdf") { Content = new ByteArrayContent(content) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocumentsPair.Alice);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return await ReadAsync(await client.SendAsync(request));
    }

    private static async Task<Response> SendAsync(HttpClient client, string token, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    private static async Task<Response> ReadAsync(HttpResponseMessage response)
    {
        using var _ = response;
        var text = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private sealed record Response(int Status, string? MediaType, JsonNode? Json)
    {
        public override string ToString() => $"{Status} {MediaType} {Json?.ToJsonString()}";
    }
}
