using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>An HTTP answer as a row of the table states it: its status and, for a google.rpc.Status body, its code.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The <c>code</c> of the google.rpc.Status body; null when the body is not one.</param>
/// <param name="EmptyBody">Whether the body is empty (ASP.NET Core routing's bare 404 and 405).</param>
/// <param name="MediaType">When set, the media type of the body.</param>
/// <param name="BodyHex">When set, the exact bytes of the body, in hex (a raw body that is not text).</param>
public sealed record Answer(int Status, int? Code = null, bool EmptyBody = false, string? MediaType = null, string? BodyHex = null)
{
    public override string ToString() =>
        $"{Status}{(Code is { } code ? $" code {code}" : "")}{(EmptyBody ? " (empty)" : "")}{(MediaType is null ? "" : $" {MediaType}")}{(BodyHex is null ? "" : $" {BodyHex}")}";
}

/// <summary>What a row expects of the two transcoders.</summary>
public enum Agreement
{
    /// <summary>The answer comes from the backend: identical status, content type and JSON.</summary>
    Same,

    /// <summary>Both transcoders refuse the request themselves: same status and google.rpc.Status code; messages differ.</summary>
    SameError,

    /// <summary>A deliberate difference: each side gives the answer the row states, for the reason it gives.</summary>
    Different,
}

/// <summary>One row of an equivalence table: a REST request and what the two transcoders answer.</summary>
public sealed record EquivalenceCase(string Name, string Method, string PathAndQuery)
{
    /// <summary>The JSON body (or raw body with <see cref="ContentType"/>), or null for none.</summary>
    public string? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Request headers (an Authorization header, say), sent to both sides.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public Agreement Agreement { get; init; } = Agreement.Same;

    /// <summary>For <see cref="Agreement.Same"/> and <see cref="Agreement.SameError"/>: the answer both give.</summary>
    public Answer? Both { get; init; }

    /// <summary>For <see cref="Agreement.Different"/>: Microsoft's answer.</summary>
    public Answer? Reference { get; init; }

    /// <summary>For <see cref="Agreement.Different"/>: the gateway's answer.</summary>
    public Answer? Gateway { get; init; }

    /// <summary>For <see cref="Agreement.Different"/>: why the gateway answers differently.</summary>
    public string? Reason { get; init; }

    /// <summary>A server stream: bodies are compared line by line.</summary>
    public bool Streamed { get; init; }

    public static EquivalenceCase Get(string name, string pathAndQuery, int status = 200) =>
        new(name, "GET", pathAndQuery) { Both = new Answer(status) };

    public static EquivalenceCase Send(string name, string method, string pathAndQuery, string? body, int status = 200) =>
        new(name, method, pathAndQuery) { Body = body, ContentType = body is null ? null : "application/json", Both = new Answer(status) };

    public override string ToString() => Name;
}

/// <summary>Sends a row's request through both transcoders and checks the row's statement against reality.</summary>
public static class EquivalenceAssert
{
    public static async Task AnswersAsync(TranscodingPair pair, EquivalenceCase row, ITestOutputHelper? output = null)
    {
        var reference = await SendAsync(pair.Reference, row);
        var gateway = await SendAsync(pair.Gateway, row);
        output?.WriteLine($"{row.Method} {row.PathAndQuery}\nreference: {reference}\ngateway:   {gateway}");

        switch (row.Agreement)
        {
            case Agreement.Same:
                Assert.Equal(row.Both!.Status, reference.Status);
                Assert.Equal(reference.Status, gateway.Status);
                Assert.Equal(reference.MediaType, gateway.MediaType);
                Assert.Equal(reference.CharSet?.ToLowerInvariant(), gateway.CharSet?.ToLowerInvariant());
                if (reference.MediaType?.StartsWith("application/json", StringComparison.Ordinal) ?? false)
                {
                    var referenceJson = reference.JsonDocuments(row.Streamed);
                    var gatewayJson = gateway.JsonDocuments(row.Streamed);
                    Assert.Equal(referenceJson.Count, gatewayJson.Count);
                    for (var i = 0; i < referenceJson.Count; i++)
                    {
                        Assert.True(JsonNode.DeepEquals(referenceJson[i], gatewayJson[i]),
                            $"Document {i} differs.\nreference: {referenceJson[i]?.ToJsonString()}\ngateway:   {gatewayJson[i]?.ToJsonString()}");
                    }
                }
                else
                {
                    Assert.Equal(reference.Body, gateway.Body);
                }

                break;
            case Agreement.SameError:
                AssertAnswer(row.Both!, reference, "reference");
                AssertAnswer(row.Both!, gateway, "gateway");
                break;
            case Agreement.Different:
                Assert.False(string.IsNullOrWhiteSpace(row.Reason), "A deliberate difference states its reason.");
                AssertAnswer(row.Reference!, reference, "reference");
                AssertAnswer(row.Gateway!, gateway, "gateway");
                break;
        }
    }

    private static void AssertAnswer(Answer expected, Response actual, string side)
    {
        Assert.True(expected.Status == actual.Status, $"The {side} answered {actual}, not {expected}.");
        if (expected.EmptyBody)
        {
            Assert.True(actual.Body.Length == 0, $"The {side} answered with a body: {actual}.");
        }

        if (expected.MediaType is { } mediaType)
        {
            Assert.True(actual.MediaType == mediaType, $"The {side} answered {actual}, not {mediaType}.");
        }

        if (expected.BodyHex is { } bodyHex)
        {
            Assert.True(Convert.ToHexString(actual.Body) == bodyHex, $"The {side} answered {Convert.ToHexString(actual.Body)}, not {bodyHex}.");
        }

        if (expected.Code is { } code)
        {
            Assert.Equal("application/json", actual.MediaType);
            var status = actual.JsonDocuments(streamed: false).Single()!.AsObject();
            Assert.True(status["code"]?.GetValue<int>() == code, $"The {side} answered {actual}, not code {code}.");
            Assert.NotNull(status["message"]);
        }
    }

    private static async Task<Response> SendAsync(HttpClient client, EquivalenceCase row)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.PathAndQuery);
        foreach (var (name, value) in row.Headers)
        {
            request.Headers.Add(name, value);
        }

        if (row.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(row.Body));
            if (row.ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(row.ContentType);
            }
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var contentType = response.Content.Headers.ContentType;
        return new Response((int)response.StatusCode, contentType?.MediaType, contentType?.CharSet, body);
    }

    private sealed record Response(int Status, string? MediaType, string? CharSet, byte[] Body)
    {
        public IReadOnlyList<JsonNode?> JsonDocuments(bool streamed)
        {
            var text = Encoding.UTF8.GetString(Body);
            return streamed
                ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line))]
                : [JsonNode.Parse(text)];
        }

        public override string ToString() =>
            $"{Status} {MediaType}{(CharSet is null ? "" : "; charset=" + CharSet)} {Encoding.UTF8.GetString(Body)}";
    }
}
