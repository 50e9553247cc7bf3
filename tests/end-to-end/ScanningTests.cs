using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// The promise to users, end to end: an uploaded document can be read only after clamd found it
/// clean; infected ones go to quarantine; what cannot be scanned is never called clean.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class ScanningTests(Platform platform)
{
    private readonly DocumentsClient _alice = new(platform, TestIdentity.Submitter("alice"));

    [Fact]
    public async Task A_clean_pdf_becomes_clean_and_downloads_byte_identical()
    {
        var idea = await _alice.CreateIdeaAsync();
        var pdf = TestFiles.Pdf("Floor plan with the proposed panels");
        var name = await _alice.UploadAcceptedAsync(idea, pdf, "floor plan.pdf", "application/pdf");

        var document = await _alice.WaitForVerdictAsync(name);
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(document));
        Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        Assert.Equal(sha256, document.GetProperty("sha256").GetString());

        using var download = await _alice.Http.GetAsync($"/v1/{name}:download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("floor plan.pdf", download.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal($"\"{sha256}\"", download.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_presigned_url_downloads_while_valid_and_not_after()
    {
        var idea = await _alice.CreateIdeaAsync();
        var text = Encoding.UTF8.GetBytes("minutes of the kickoff\n");
        var name = await _alice.UploadAcceptedAsync(idea, text, "minutes.txt", "text/plain");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await _alice.WaitForVerdictAsync(name)));

        using var created = await _alice.Http.PostAsJsonAsync($"/v1/{name}:createDownloadUrl", new { });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var url = body.GetProperty("url").GetString()!;
        var expires = body.GetProperty("expireTime").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromMinutes(5));

        using var direct = new HttpClient();
        Assert.Equal(text, await direct.GetByteArrayAsync(url));

        // The platform runs with a 3-second lifetime here; production's is at most five minutes.
        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        using var expired = await direct.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task Eicar_is_infected_quarantined_and_never_readable()
    {
        var idea = await _alice.CreateIdeaAsync();
        var name = await _alice.UploadAcceptedAsync(idea, TestFiles.Eicar(), "notes.txt", "text/plain");

        var document = await _alice.WaitForVerdictAsync(name);
        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(document));
        Assert.Contains("Eicar", document.GetProperty("threatName").GetString(), StringComparison.OrdinalIgnoreCase);

        var key = ObjectKeyOf(name);
        using var storage = platform.StorageClient();
        await Eventually.AssertAsync(async () => !await ExistsAsync(storage, Platform.DocumentsBucket, key), "the original object is removed");
        Assert.True(await ExistsAsync(storage, Platform.QuarantineBucket, key), "the object is kept in quarantine");

        using var download = await _alice.Http.GetAsync($"/v1/{name}:download");
        await AssertRefusedAsNotCleanAsync(download, "SCAN_STATE_INFECTED");
        using var url = await _alice.Http.PostAsJsonAsync($"/v1/{name}:createDownloadUrl", new { });
        await AssertRefusedAsNotCleanAsync(url, "SCAN_STATE_INFECTED");
    }

    [Fact]
    public async Task Eicar_inside_a_zip_is_infected()
    {
        var idea = await _alice.CreateIdeaAsync();
        var zip = TestFiles.Zip(("readme.txt", Encoding.ASCII.GetBytes("see attached")), ("tools/test.com", TestFiles.Eicar()));
        var name = await _alice.UploadAcceptedAsync(idea, zip, "bundle.zip", "application/zip");

        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(await _alice.WaitForVerdictAsync(name)));
    }

    [Fact]
    public async Task An_encrypted_zip_is_unscannable_and_unreadable()
    {
        var idea = await _alice.CreateIdeaAsync();
        var zip = TestFiles.MarkEncrypted(TestFiles.Zip(("secret.txt", Encoding.ASCII.GetBytes("hidden plans"))));
        var name = await _alice.UploadAcceptedAsync(idea, zip, "secret.zip", "application/zip");

        var document = await _alice.WaitForVerdictAsync(name);
        Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
        Assert.StartsWith("Heuristics.Encrypted", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
        using var download = await _alice.Http.GetAsync($"/v1/{name}:download");
        await AssertRefusedAsNotCleanAsync(download, "SCAN_STATE_UNSCANNABLE");
    }

    [Fact]
    public async Task A_member_larger_than_clamds_file_limit_is_unscannable()
    {
        var idea = await _alice.CreateIdeaAsync();
        // A few kilobytes uploaded, more than clamd's MaxFileSize unpacked: clamd cannot vouch for it.
        var zip = TestFiles.ZipWithLargeMember(Platform.ClamdLimitMegabytes + 5);
        Assert.True(zip.Length < Platform.UploadLimitBytes);
        var name = await _alice.UploadAcceptedAsync(idea, zip, "archive.zip", "application/zip");

        var document = await _alice.WaitForVerdictAsync(name);
        Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
        Assert.StartsWith("Heuristics.Limits.Exceeded", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_byte_over_the_limit_is_refused_with_413_and_stores_nothing()
    {
        var idea = await _alice.CreateIdeaAsync();
        var rowsBefore = await platform.CountDocumentRowsAsync();
        using var storage = platform.StorageClient();
        var objectsBefore = await CountObjectsAsync(storage);

        var content = TestFiles.Pdf("padding");
        Array.Resize(ref content, Platform.UploadLimitBytes + 1);
        using var response = await _alice.UploadAsync(idea, content, "big.pdf", "application/pdf");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(8, status.GetProperty("code").GetInt32()); // RESOURCE_EXHAUSTED
        Assert.Contains("UPLOAD_TOO_LARGE", status.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await platform.CountDocumentRowsAsync());
        Assert.Equal(objectsBefore, await CountObjectsAsync(storage));
    }

    [Fact]
    public async Task Fifty_concurrent_uploads_each_reach_their_right_verdict_once()
    {
        var ideas = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => _alice.CreateIdeaAsync($"Batch idea {i}")));
        var rowsBefore = await platform.CountDocumentRowsAsync();
        var uploads = Enumerable.Range(0, 50).Select(async i =>
        {
            var infected = i % 3 == 0;
            var content = infected ? TestFiles.Eicar() : TestFiles.Pdf($"Clean document number {i}");
            var name = await _alice.UploadAcceptedAsync(ideas[i % 3], content, $"file-{i}" + (infected ? ".txt" : ".pdf"),
                infected ? "text/plain" : "application/pdf");
            return (name, infected);
        }).ToList();
        var documents = await Task.WhenAll(uploads);

        Assert.Equal(50, documents.Select(d => d.name).Distinct().Count());
        foreach (var (name, infected) in documents)
        {
            var verdict = await _alice.WaitForVerdictAsync(name, TimeSpan.FromMinutes(3));
            Assert.Equal(infected ? "SCAN_STATE_INFECTED" : "SCAN_STATE_CLEAN", DocumentsClient.StateOf(verdict));
        }

        Assert.Equal(rowsBefore + 50, await platform.CountDocumentRowsAsync());
    }

    [Theory]
    [InlineData("/ideation.documents.v1.ScanVerdictService/RecordVerdict")]
    [InlineData("/ideation.scanner.v1.ScannerService/GetEngineInfo")]
    public async Task Internal_services_are_not_routed_even_for_admins(string path)
    {
        using var client = platform.RestClient(TestIdentity.Admin());
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(request);

        var grpcStatus = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
            : response.Headers.TryGetValues("grpc-status", out var headerValues) ? headerValues.Single() : null;
        Assert.True(response.StatusCode == HttpStatusCode.NotFound || grpcStatus == "12",
            $"expected no route, got HTTP {(int)response.StatusCode} grpc-status {grpcStatus}");
    }

    private static string ObjectKeyOf(string documentName)
    {
        // ideas/{idea}/documents/{document} is stored under {idea}/{document}: never the filename.
        var parts = documentName.Split('/');
        return $"{parts[1]}/{parts[3]}";
    }

    private static async Task<bool> ExistsAsync(Amazon.S3.AmazonS3Client storage, string bucket, string key)
    {
        var listing = await storage.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = key });
        return listing.S3Objects?.Any(o => o.Key == key) == true;
    }

    private static async Task<int> CountObjectsAsync(Amazon.S3.AmazonS3Client storage)
    {
        var listing = await storage.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Platform.DocumentsBucket });
        return listing.S3Objects?.Count ?? 0;
    }

    private static async Task AssertRefusedAsNotCleanAsync(HttpResponseMessage response, string state)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9, status.GetProperty("code").GetInt32()); // FAILED_PRECONDITION
        Assert.Contains(state, status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
