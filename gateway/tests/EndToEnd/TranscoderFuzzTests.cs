using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Ideation.Gateway.Tests.Fuzzing;
using Ideation.Gateway.Transcoding;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.Testing;
using Xunit.Abstractions;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>
/// Property-based fuzzing of the REST transcoder: requests generated from the contracts' HTTP rules,
/// valid and mutated, sent through the real gateway to the real services. A failure prints the
/// smallest failing request found and the seed that replays the run (IDEATION_FUZZ_SEED).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TranscoderFuzzTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Generated_requests_get_no_5xx_and_every_error_is_a_json_status()
    {
        var clients = new Dictionary<FuzzIdentity, HttpClient>
        {
            [FuzzIdentity.Author] = platform.RestClient(TestIdentity.Submitter("fuzz-author")),
            [FuzzIdentity.Stranger] = platform.RestClient(TestIdentity.Submitter("fuzz-stranger")),
            [FuzzIdentity.Reviewer] = platform.RestClient(TestIdentity.Reviewer("fuzz-reviewer")),
            [FuzzIdentity.Admin] = platform.RestClient(TestIdentity.Admin("fuzz-admin")),
            [FuzzIdentity.Anonymous] = platform.RestClient(token: null),
        };
        try
        {
            var targets = await CreateTargetsAsync(clients[FuzzIdentity.Author]);
            var routes = RouteTable.Build(ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly)).Routes;
            var statuses = new ConcurrentDictionary<int, int>();

            await new RestRequestGen(routes, targets).Requests.SampleAsync(
                async request =>
                {
                    var status = await SendAndCheckAsync(clients[request.Identity], request);
                    statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                },
                writeLine: output.WriteLine,
                seed: FuzzSettings.Seed,
                iter: FuzzSettings.Iterations,
                print: request => request.ToString());

            output.WriteLine($"Answers by HTTP status: {string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}"))}");
            await AssertGatewayStillServesAsync(clients[FuzzIdentity.Author]);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Sends one generated request and checks the answer's properties; returns its HTTP status.</summary>
    private static async Task<int> SendAndCheckAsync(HttpClient client, FuzzRequest request)
    {
        // Absolute, so that a path starting with "//" is not read as another host's.
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(client.BaseAddress!, "/").AbsoluteUri.TrimEnd('/') + request.PathAndQuery)
        {
            Version = request.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body ?? []);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await client.SendAsync(message);
            body = await response.Content.ReadAsByteArrayAsync();
        }
        catch (HttpRequestException exception) when (ResponseProperties.PathHasEncodedNul(request)
                                                      && (!request.Http2 || exception.HttpRequestError == HttpRequestError.HttpProtocolError))
        {
            // Kestrel's refusal of a NUL in the path, before any middleware: nothing to shape. Over
            // HTTP/2 a stream reset; over HTTP/1.1 an empty 400 and a closed connection, which a client
            // still sending a large body sees as a broken pipe.
            return (int)HttpStatusCode.BadRequest;
        }
        catch (HttpRequestException exception)
        {
            throw new FuzzPropertyException($"The gateway dropped the exchange ({exception.Message}, {exception.InnerException?.Message}) for {request} sent as {message.RequestUri}");
        }

        using (response)
        {
            ResponseProperties.Check(request, response, body);
            return (int)response.StatusCode;
        }
    }

    /// <summary>The process is alive, ready and serving: the fuzzing broke nothing that outlives a request.</summary>
    private async Task AssertGatewayStillServesAsync(HttpClient client)
    {
        using var management = platform.ManagementClient();
        using var ready = await management.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var categories = await client.GetAsync("/v1/categories");
        Assert.Equal(HttpStatusCode.OK, categories.StatusCode);
    }

    /// <summary>Ideas in several states and a document, so that valid requests reach the backends' real work.</summary>
    private static async Task<FuzzTargets> CreateTargetsAsync(HttpClient author)
    {
        var ideas = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await author.PostAsJsonAsync($"/v1/ideas?requestId=fuzz-target-{Guid.NewGuid():N}",
                new { title = $"Fuzz target {i}", description = "Exists so that generated requests find something", category = "process" });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            ideas.Add(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["name"]!.GetValue<string>()["ideas/".Length..]);
        }

        using (var submitted = await author.PostAsJsonAsync($"/v1/ideas/{ideas[1]}:submit", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        using var content = new ByteArrayContent("plain text, scanned by no one in this fixture"u8.ToArray());
        content.Headers.ContentType = new("text/plain");
        using var uploaded = await author.PostAsync($"/v1/ideas/{ideas[2]}/documents?filename=notes.txt", content);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var document = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["name"]!.GetValue<string>();
        return new FuzzTargets(ideas, [document[(document.LastIndexOf('/') + 1)..]]);
    }
}
