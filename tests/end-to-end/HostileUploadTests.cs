using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ideation.EndToEnd.Tests.Corpus;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// Upload content meant to slip past the scanner, judged by the upload rules and by clamd with the
/// platform's limits: each ends refused at upload, INFECTED or UNSCANNABLE, never CLEAN, and is never
/// readable. A declared type is only recorded: the detected one is what is stored and served.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class HostileUploadTests(Platform platform)
{
    private readonly DocumentsClient _mallory = new(platform, TestIdentity.Submitter("mallory"));

    /// <summary>The largest member a zip describes without ZIP64: 4 GiB less 1 MiB of zeros, in about 10 KB.</summary>
    [Fact]
    public async Task A_zip_holding_a_zip_of_four_gibibytes_of_zeros_is_unscannable()
    {
        var bomb = HostileFiles.NestedZipBomb(4095L * 1024 * 1024);
        Assert.InRange(bomb.Length, 1, Platform.UploadLimitBytes);

        var document = await UploadAndJudgeAsync(bomb, "quarterly.zip", "application/zip");

        Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
        Assert.StartsWith("Heuristics.Limits.Exceeded", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// ClamAV 1.4 answers OK for a ZIP64 member it does not unpack, here 10 GiB of zeros (24 KB
    /// uploaded); the scanner's archive check refuses what clamd cannot vouch for.
    /// </summary>
    [Fact]
    public async Task A_zip_holding_a_zip64_member_of_ten_gibibytes_of_zeros_is_unscannable()
    {
        var bomb = HostileFiles.NestedZipBomb(10L * 1024 * 1024 * 1024);
        var document = await UploadAndJudgeAsync(bomb, "quarterly.zip", "application/zip");

        Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
        Assert.StartsWith("Ideation.Archive.Zip64: ", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// EICAR alone in a small member written with ZIP64 sizes: clamd 1.4 answers OK (it does not
    /// unpack the member). Never CLEAN: UNSCANNABLE for ZIP64, or INFECTED should clamd learn ZIP64.
    /// </summary>
    [Fact]
    public async Task Eicar_in_a_small_zip64_member_is_never_clean()
    {
        var zip = TestZips.Zip64Member("setup.com", TestFiles.Eicar());
        var document = await UploadAndJudgeAsync(zip, "setup.zip", "application/zip");

        var state = DocumentsClient.StateOf(document);
        if (state != "SCAN_STATE_INFECTED")
        {
            Assert.Equal("SCAN_STATE_UNSCANNABLE", state);
            Assert.StartsWith("Ideation.Archive.Zip64: ", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_zip64_zip_inside_an_ordinary_zip_inside_a_zip_is_unscannable()
    {
        var zip64 = TestZips.Zip64Member("report.txt", "Quarterly report, nothing to see here.\n"u8.ToArray());
        var nested = HostileFiles.NestedZips(2, "attachments/inner.zip", zip64);
        var document = await UploadAndJudgeAsync(nested, "attachments.zip", "application/zip");

        Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
        Assert.Equal(
            "Ideation.Archive.Zip64: ZIP64 sizes in a local file header, inside 2 nested archives; clamd does not unpack ZIP64 members",
            document.GetProperty("threatName").GetString());
    }

    [Fact]
    public async Task Zips_nested_thirty_deep_are_unscannable_even_around_eicar()
    {
        foreach (var innermost in new[] { ("notes.txt", "nothing here\n"u8.ToArray()), ("eicar.com", TestFiles.Eicar()) })
        {
            var nested = HostileFiles.NestedZips(30, innermost.Item1, innermost.Item2);
            var document = await UploadAndJudgeAsync(nested, "nested.zip", "application/zip");

            Assert.Equal("SCAN_STATE_UNSCANNABLE", DocumentsClient.StateOf(document));
            Assert.StartsWith("Heuristics.Limits.Exceeded", document.GetProperty("threatName").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Eicar_inside_a_zip_inside_a_zip_is_infected()
    {
        var nested = HostileFiles.NestedZips(2, "tools/test.com", TestFiles.Eicar());
        var document = await UploadAndJudgeAsync(nested, "tools.zip", "application/zip");

        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(document));
    }

    [Fact]
    public async Task Eicar_in_a_compressed_pdf_stream_is_infected()
    {
        var document = await UploadAndJudgeAsync(HostileFiles.PdfWithEicarInCompressedStream(), "report.pdf", "application/pdf");

        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(document));
        Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Eicar_after_ten_mebibytes_of_text_is_infected()
    {
        var content = HostileFiles.TextWithEicarAfter(10 * 1024 * 1024);
        Assert.InRange(content.Length, 1, Platform.UploadLimitBytes);

        var document = await UploadAndJudgeAsync(content, "minutes.txt", "text/plain");

        Assert.Equal("SCAN_STATE_INFECTED", DocumentsClient.StateOf(document));
    }

    [Fact]
    public async Task A_zip_declared_as_pdf_is_stored_and_served_as_zip()
    {
        var idea = await _mallory.CreateIdeaAsync();
        var zip = TestFiles.Zip(("readme.txt", "an archive, not a PDF\n"u8.ToArray()));
        var name = await _mallory.UploadAcceptedAsync(idea, zip, "invoice.pdf", "application/pdf");

        var document = await _mallory.WaitForVerdictAsync(name);
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(document));
        Assert.Equal("application/zip", document.GetProperty("contentType").GetString());
        Assert.Equal("application/pdf", document.GetProperty("declaredContentType").GetString());

        using var download = await _mallory.Http.GetAsync($"/v1/{name}:download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(zip, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_executable_declared_as_text_is_refused_at_upload_and_stores_nothing()
    {
        var idea = await _mallory.CreateIdeaAsync();
        var before = await DataSnapshot.SettledAsync(platform);

        using var response = await _mallory.UploadAsync(idea, HostileFiles.Executable(), "notes.txt", "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, status.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.Contains("application/octet-stream", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await DataSnapshot.TakeAsync(platform)).Differences(before));
    }

    /// <summary>
    /// Uploads, waits for the verdict, and checks what holds for every hostile file: not clean, and
    /// neither downloadable nor given a download URL.
    /// </summary>
    private async Task<JsonElement> UploadAndJudgeAsync(byte[] content, string filename, string contentType)
    {
        var idea = await _mallory.CreateIdeaAsync();
        var name = await _mallory.UploadAcceptedAsync(idea, content, filename, contentType);
        var document = await _mallory.WaitForVerdictAsync(name, TimeSpan.FromMinutes(3));

        Assert.NotEqual("SCAN_STATE_CLEAN", DocumentsClient.StateOf(document));
        using var download = await _mallory.Http.GetAsync($"/v1/{name}:download");
        Assert.Equal(HttpStatusCode.BadRequest, download.StatusCode);
        using var url = await _mallory.Http.PostAsJsonAsync($"/v1/{name}:createDownloadUrl", new { });
        Assert.Equal(HttpStatusCode.BadRequest, url.StatusCode);
        return document;
    }
}
