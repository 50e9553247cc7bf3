using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>
/// The documents service through the gateway over TLS, as a browser (REST) and as a gRPC client see
/// it: uploads streamed to the service, downloads with the headers of a file, the service's upload
/// limit and the gateway's own above it, and internal services that are never routed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DocumentsThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_document_goes_up_and_comes_back_down_over_rest_byte_for_byte()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("docs-author-1"));
        var idea = await CreateIdeaAsync(author);
        var pdf = Pdf(300 * 1024);

        using var uploaded = await UploadAsync(author, idea, "plan.pdf", pdf, announceLength: false);
        var document = await JsonAsync(uploaded, HttpStatusCode.OK);
        var name = document["name"]!.GetValue<string>();
        Assert.StartsWith($"{idea}/documents/", name, StringComparison.Ordinal);
        Assert.Equal(("plan.pdf", "application/pdf", pdf.Length.ToString(CultureInfo.InvariantCulture)),
            (document["filename"]!.GetValue<string>(), document["contentType"]!.GetValue<string>(), document["sizeBytes"]!.GetValue<string>()));
        Assert.Equal("SCAN_STATE_PENDING", document["scanState"]!.GetValue<string>());

        var read = await JsonAsync(await author.GetAsync($"/v1/{name}"), HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(document, read));
        var listed = await JsonAsync(await author.GetAsync($"/v1/{idea}/documents"), HttpStatusCode.OK);
        Assert.Equal([name], listed["documents"]!.AsArray().Select(listedDocument => listedDocument!["name"]!.GetValue<string>()));
        var pending = await JsonAsync(await author.GetAsync($"/v1/{name}:download"), HttpStatusCode.BadRequest);
        Assert.Equal((int)StatusCode.FailedPrecondition, pending["code"]!.GetValue<int>());

        await RecordCleanVerdictAsync(name, pdf.Length);
        using var download = await author.GetAsync($"/v1/{name}:download");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("plan.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(pdf))}\"", download.Headers.ETag!.Tag);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));

        Assert.Equal(HttpStatusCode.OK, (await author.DeleteAsync($"/v1/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/v1/{name}")).StatusCode);
    }

    [Fact]
    public async Task Over_rest_the_service_refuses_an_upload_over_its_limit_and_the_gateway_one_over_its_own()
    {
        using var author = platform.RestClient(TestIdentity.Submitter("docs-author-2"));
        var idea = await CreateIdeaAsync(author);

        // Between the two limits: streamed through the gateway, refused by the service with its own words.
        using var overService = await UploadAsync(author, idea, "big.pdf", Pdf((int)PlatformFixture.ServiceUploadLimit + 1024 * 1024), announceLength: false);
        var byService = await TooLargeAsync(overService);
        Assert.Contains(PlatformFixture.ServiceUploadLimit.ToString(CultureInfo.InvariantCulture), byService["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("gateway", byService["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Announced over the gateway's limit: refused before the service hears of it.
        using var overGateway = await UploadAsync(author, idea, "bigger.pdf", Pdf((int)PlatformFixture.GatewayUploadLimit + 1), announceLength: true);
        var byGateway = await TooLargeAsync(overGateway);
        Assert.Contains("gateway", byGateway["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(PlatformFixture.GatewayUploadLimit.ToString(CultureInfo.InvariantCulture), ErrorInfo(byGateway)["metadata"]!["maxBytes"]!.GetValue<string>());

        var listed = await JsonAsync(await author.GetAsync($"/v1/{idea}/documents"), HttpStatusCode.OK);
        Assert.Empty(listed["documents"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task Native_grpc_uploads_pass_the_gateway_and_meet_the_services_limit()
    {
        var token = TestIdentity.Submitter("docs-author-3");
        using var rest = platform.RestClient(token);
        var idea = await CreateIdeaAsync(rest);
        using var channel = platform.GrpcChannel();
        var documents = new DocumentService.DocumentServiceClient(channel);
        var pdf = Pdf(200 * 1024);

        var document = await UploadOverGrpcAsync(documents, token, idea, pdf);
        var error = await Assert.ThrowsAsync<RpcException>(() => UploadOverGrpcAsync(documents, token, idea, Pdf((int)PlatformFixture.ServiceUploadLimit + 1024 * 1024)));

        Assert.Equal((pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf))), (document.SizeBytes, document.Sha256));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("UPLOAD_TOO_LARGE", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.DoesNotContain("gateway", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_verdicts_and_the_scanner_get_no_route_over_grpc_or_rest()
    {
        using var channel = platform.GrpcChannel();
        var admin = Bearer(TestIdentity.Admin("docs-admin"));
        var scanner = Bearer(TestIdentity.Token("docs-scanner", Ideation.ServiceDefaults.Identity.Roles.Scanner));

        var verdicts = new ScanVerdictService.ScanVerdictServiceClient(channel);
        foreach (var headers in new[] { admin, scanner })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                verdicts.StartScanAsync(new StartScanRequest { Document = "ideas/x/documents/y", Generation = 1 }, headers).ResponseAsync);
            Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
            Assert.Equal("NOT_ROUTED", refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        }

        var engine = new Ideation.Contracts.Scanner.V1.ScannerService.ScannerServiceClient(channel);
        var scan = await Assert.ThrowsAsync<RpcException>(() => engine.GetEngineInfoAsync(new Ideation.Contracts.Scanner.V1.GetEngineInfoRequest(), scanner).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, scan.StatusCode);

        using var rest = platform.RestClient(TestIdentity.Admin("docs-admin"));
        foreach (var path in new[] { "/ideation.documents.v1.ScanVerdictService/RecordVerdict", "/v1/ideation.documents.v1.ScanVerdictService/RecordVerdict" })
        {
            var verdict = new { document = "ideas/x/documents/y", generation = 1, verdict = "SCAN_STATE_CLEAN" };
            var notFound = await JsonAsync(await rest.PostAsJsonAsync(path, verdict), HttpStatusCode.NotFound);
            Assert.Equal((int)StatusCode.NotFound, notFound["code"]!.GetValue<int>());
        }
    }

    /// <summary>Records CLEAN as the platform's scanner does: straight on the documents service, with the scanner's identity.</summary>
    private async Task RecordCleanVerdictAsync(string document, int size)
    {
        using var channel = TestChannels.ForAddress(platform.DocumentsAddress);
        var verdicts = new ScanVerdictService.ScanVerdictServiceClient(channel);
        var scanner = Bearer(TestIdentity.Token("e2e-scanner", Ideation.ServiceDefaults.Identity.Roles.Scanner));
        var assignment = await verdicts.StartScanAsync(new StartScanRequest { Document = document, Generation = 1, Scanner = "e2e" }, scanner);
        Assert.Equal(ScanAssignment.Types.Outcome.Scan, assignment.Outcome);
        var clean = await verdicts.RecordVerdictAsync(new RecordVerdictRequest
        {
            Document = document,
            Generation = 1,
            Verdict = Document.Types.ScanState.Clean,
            EngineVersion = "ClamAV 1.4.6",
            ScanTime = Timestamp.FromDateTime(DateTime.UtcNow),
            ScannedBytes = size,
        }, scanner);
        Assert.Equal(Document.Types.ScanState.Clean, clean.ScanState);
    }

    private static async Task<string> CreateIdeaAsync(HttpClient author)
    {
        var idea = new { title = "Plans for the roof garden", description = "See the attached plan", category = "workplace" };
        var created = await JsonAsync(await author.PostAsJsonAsync("/v1/ideas", idea), HttpStatusCode.OK);
        return created["name"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string idea, string filename, byte[] content, bool announceLength)
    {
        // HTTP/2, as browsers upload: a refusal before the end of the body ends just the stream, and
        // the client reads it (over HTTP/1.1, .NET's client fails on the closed connection instead).
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/{idea}/documents?filename={Uri.EscapeDataString(filename)}")
        {
            Content = new ByteArrayContent(content),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        // Over HTTP/2 a body announces its length, or it does not and just streams.
        request.Content.Headers.ContentLength = announceLength ? content.Length : null;

        return client.SendAsync(request);
    }

    private static async Task<Document> UploadOverGrpcAsync(DocumentService.DocumentServiceClient client, string token, string idea, byte[] content)
    {
        const int chunk = 64 * 1024;
        using var call = client.UploadDocument(Bearer(token));
        try
        {
            for (var offset = 0; offset < content.Length; offset += chunk)
            {
                var message = new UploadDocumentRequest
                {
                    Chunk = new Google.Api.HttpBody { Data = Google.Protobuf.ByteString.CopyFrom(content, offset, Math.Min(chunk, content.Length - offset)) },
                };
                if (offset == 0)
                {
                    (message.Parent, message.Filename, message.Chunk.ContentType) = (idea, "plan.pdf", "application/pdf");
                }

                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
        {
            // Refused before the end of the stream: the response says why.
        }

        return await call.ResponseAsync;
    }

    private static async Task<JsonNode> TooLargeAsync(HttpResponseMessage response)
    {
        var status = await JsonAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal((int)StatusCode.ResourceExhausted, status["code"]!.GetValue<int>());
        Assert.Equal("UPLOAD_TOO_LARGE", ErrorInfo(status)["reason"]!.GetValue<string>());
        return status;
    }

    private static JsonNode ErrorInfo(JsonNode status) =>
        status["details"]!.AsArray().Single(detail => detail!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.ErrorInfo")!;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using var _ = response;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A PDF by its signature, the rest random.</summary>
    private static byte[] Pdf(int length)
    {
        var content = new byte[length];
        Random.Shared.NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        return content;
    }

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
