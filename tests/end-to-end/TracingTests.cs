using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// Following one request through the platform by its trace id: the caller's W3C traceparent is
/// continued by the gateway, by the services it calls and by the scan job queued through Redis, in
/// every process's JSON log lines and in the spans they export over OTLP.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class TracingTests(Platform platform)
{
    private const int ConsumerSpan = 5;

    private readonly string _token = TestIdentity.Submitter("alice");

    [Fact]
    public async Task An_upload_is_one_trace_from_the_request_to_the_verdict()
    {
        var alice = new DocumentsClient(platform, _token);
        var idea = await alice.CreateIdeaAsync();
        var (traceId, callerSpanId) = NewTraceContext();

        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/v1/{idea}/documents?filename=plan.pdf")
        {
            Content = new ByteArrayContent(TestFiles.Pdf("Traced floor plan")),
        };
        upload.Content.Headers.ContentType = new("application/pdf");
        upload.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await alice.Http.SendAsync(upload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await alice.WaitForVerdictAsync(document)));

        // Every process logged inside the trace: the gateway and ideas (asked by documents whether
        // alice may attach) their access lines, documents the upload and the verdict, and the
        // scanner the verdict it reached for the job it took from Redis.
        var documentId = document.Split('/')[^1];
        await AssertLoggedInTraceAsync(platform.Gateway, traceId, line => line.Message.StartsWith($"POST /v1/{idea}/documents answered 200", StringComparison.Ordinal));
        await AssertLoggedInTraceAsync(platform.Ideas, traceId, line => line.Message.StartsWith("POST /ideation.ideas.v1.IdeaService/GetIdea answered 200 grpc-status 0", StringComparison.Ordinal));
        await AssertLoggedInTraceAsync(platform.Documents, traceId, line => line.Message.StartsWith($"Document {documentId} of idea", StringComparison.Ordinal));
        await AssertLoggedInTraceAsync(platform.Documents, traceId, line => line.Message == $"Document {documentId} generation 1: verdict SCAN_STATE_CLEAN");
        var verdict = await AssertLoggedInTraceAsync(platform.Scanner, traceId, line => line.Message.StartsWith($"{document} generation 1: Clean", StringComparison.Ordinal));

        // One JSON object per line: UTC ISO 8601 time, level, category, the message and its fields.
        Assert.True(DateTime.TryParseExact(verdict.Json.GetProperty("Timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _), verdict.Text);
        Assert.Equal("Information", verdict.Json.GetProperty("LogLevel").GetString());
        Assert.Equal("Ideation.Scanner.Jobs.ScanJobProcessor", verdict.Category);
        Assert.Equal(document, verdict.Json.GetProperty("State").GetProperty("Document").GetString());
        Assert.Matches("^[0-9a-f]{16}$", verdict.SpanId);

        // The spans of all four processes reach the collector as one tree under the caller's span;
        // the scan is a consumer span whose parent is the upload's span in documents.
        var spans = await WaitForConnectedTraceAsync(traceId, callerSpanId, "gateway", "ideas", "documents", "scanner");
        // Each process exports in batches: a trace can be whole before documents' last batch (its
        // queries, the verdict the scanner reported) has arrived. Wait for those, then read it again.
        await Eventually.AssertAsync(() => Task.FromResult(platform.Otlp.SpansOf(traceId) is var received &&
            received.Any(span => span.Service == "documents" && span.Scope == "Npgsql") &&
            received.Any(span => span.Service == "documents" && received.Any(parent => parent.SpanId == span.ParentSpanId && parent.Service == "scanner"))),
            "documents' database spans and the spans of the calls the scanner made arrived");
        spans = await WaitForConnectedTraceAsync(traceId, callerSpanId, "gateway", "ideas", "documents", "scanner");
        var scan = Assert.Single(spans, span => span.Service == "scanner" && span.Kind == ConsumerSpan);
        Assert.Equal("process " + Platform.ScanJobsStream, scan.Name);
        Assert.Equal("documents", spans.Single(span => span.SpanId == scan.ParentSpanId).Service);
        Assert.Contains(spans, span => span.Service == "documents" && span.Scope == "Npgsql");
        Assert.Contains(spans, span => span.Service == "documents" && span.ParentSpanId != "" &&
            spans.Single(parent => parent.SpanId == span.ParentSpanId).Service == "scanner");
    }

    [Fact]
    public async Task A_native_grpc_call_through_the_gateway_continues_the_callers_trace()
    {
        var idea = await new DocumentsClient(platform, _token).CreateIdeaAsync();
        var (traceId, callerSpanId) = NewTraceContext();

        using var channel = TestChannels.ForAddress(platform.GatewayAddress, new GrpcChannelOptions { HttpHandler = platform.Certificate.CreateHandler() });
        var ideas = new IdeaService.IdeaServiceClient(channel);
        await ideas.GetIdeaAsync(new GetIdeaRequest { Name = idea }, new Metadata
        {
            { "authorization", $"Bearer {_token}" },
            { "traceparent", $"00-{traceId}-{callerSpanId}-01" },
        });

        await AssertLoggedInTraceAsync(platform.Gateway, traceId, line => line.Message.StartsWith("POST /ideation.ideas.v1.IdeaService/GetIdea answered 200 grpc-status 0", StringComparison.Ordinal));
        await AssertLoggedInTraceAsync(platform.Ideas, traceId, line => line.Message.StartsWith("POST /ideation.ideas.v1.IdeaService/GetIdea answered 200 grpc-status 0", StringComparison.Ordinal));
        var spans = await WaitForConnectedTraceAsync(traceId, callerSpanId, "gateway", "ideas");
        var served = Assert.Single(spans, span => span.Service == "ideas" && span.ParentSpanId != "" && spans.Single(parent => parent.SpanId == span.ParentSpanId).Service == "gateway");
        Assert.Equal(2, served.Kind); // server
    }

    [Fact]
    public async Task No_token_password_or_key_appears_in_any_log()
    {
        var alice = new DocumentsClient(platform, _token);
        var idea = await alice.CreateIdeaAsync();
        var document = await alice.UploadAcceptedAsync(idea, TestFiles.Pdf("Budget"), "budget.pdf", "application/pdf");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await alice.WaitForVerdictAsync(document)));
        using (var url = await alice.Http.PostAsJsonAsync($"/v1/{document}:createDownloadUrl", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, url.StatusCode);
        }

        // A token signed with another key: refused, and not to be written down either.
        var forged = TokenIssuer.Issue(new() { Issuer = TestIdentity.Options.Issuer, Audience = TestIdentity.Options.Audience, SigningKey = "a-key-that-the-platform-does-not-know-0123456789" },
            "mallory", "Mallory", [Roles.Admin], TimeSpan.FromHours(1));
        using (var refused = await platform.RestClient(forged).GetAsync($"/v1/{idea}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The scanner's own token for documents is minted inside the scanner: any JWT (they all begin
        // with a base64 {"alg": header) must be absent, as must the configured secrets.
        string[] secrets =
        [
            _token, _token.Split('.')[2], forged.Split('.')[2], "eyJhbGci", "Bearer ",
            TestIdentity.Options.SigningKey, Platform.StorageSecretKey, Platform.DatabasePassword, "X-Amz-Signature",
        ];
        await AssertLoggedInTraceAsync(platform.Gateway, null, line => line.Message.StartsWith($"GET /v1/{idea} answered 401", StringComparison.Ordinal));
        foreach (var process in new[] { platform.Gateway, platform.Ideas, platform.Documents, platform.Scanner })
        {
            var log = process.ReadLog();
            Assert.NotEmpty(process.Lines());
            foreach (var secret in secrets)
            {
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"{process.Name}'s log contains {secret[..Math.Min(12, secret.Length)]}...");
            }
        }
    }

    private static (string TraceId, string SpanId) NewTraceContext() =>
        (ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString());

    /// <summary>Waits for a line that <paramref name="matches"/>, logged inside the trace (any line when the trace id is null), and returns it.</summary>
    private static async Task<LogLine> AssertLoggedInTraceAsync(ServiceProcess process, string? traceId, Func<LogLine, bool> matches)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var inTrace = process.Lines().Where(line => traceId is null || line.TraceId == traceId).ToList();
            if (inTrace.FirstOrDefault(matches) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{process.Name} did not log the expected line in trace {traceId}; its lines in the trace: " +
                    string.Join("\n", inTrace.Select(line => line.Message)));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until spans of every one of <paramref name="services"/> arrived for the trace and each
    /// span's parent is the caller's span or another span of the trace (parents end, and so are
    /// exported, after their children); then returns them, failing with the orphans if some remain.
    /// </summary>
    private async Task<IReadOnlyList<ReceivedSpan>> WaitForConnectedTraceAsync(string traceId, string callerSpanId, params string[] services)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var spans = platform.Otlp.SpansOf(traceId);
            var ids = spans.Select(span => span.SpanId).Append(callerSpanId).ToHashSet();
            var orphans = spans.Where(span => !ids.Contains(span.ParentSpanId)).ToList();
            var missing = services.Except(spans.Select(span => span.Service)).ToList();
            if (orphans.Count == 0 && missing.Count == 0)
            {
                return spans;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"trace {traceId}: no spans from [{string.Join(", ", missing)}]; spans whose parent is not in the trace: " +
                    string.Join("; ", orphans.Select(span => $"{span.Service} {span.Scope} '{span.Name}' parent {span.ParentSpanId}")));
            }

            await Task.Delay(200);
        }
    }
}
