using System.Net;
using System.Net.Http.Headers;
using Ideation.Gateway.Tests.Transcoding.Equivalence;

namespace Ideation.Gateway.Tests.Transcoding.Hosting;

/// <summary>
/// Downloads (a server stream of google.api.HttpBody) through the gateway's transcoder on real Kestrel
/// to the test service over h2c: the file's bytes exactly, its content type from the first piece, the
/// headers that describe a file and no others.
/// </summary>
public sealed class DownloadTests(TestServicePair fixture) : IClassFixture<TestServicePair>
{
    private const string Download = "/v1/shelves/s1/books/b1:downloadCover";

    [Fact]
    public async Task Writes_the_pieces_as_one_file_with_the_headers_that_describe_it_and_no_others()
    {
        using var response = await fixture.Pair.Gateway.GetAsync($"{Download}?chunks=3&sendHeaders=true");

        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] file = [.. TestService.CoverPiece(1), .. TestService.CoverPiece(2), .. TestService.CoverPiece(3)];
        Assert.Equal(file, body);
        // The first piece's type: the later pieces' text/html must not turn the file into a page.
        Assert.Equal("image/png", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(new ContentDispositionHeaderValue("attachment") { FileName = "\"cover.png\"" }, response.Content.Headers.ContentDisposition);
        Assert.Equal(new EntityTagHeaderValue("\"cover-v1\""), response.Headers.ETag);
        Assert.Equal(new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromSeconds(60) }, response.Headers.CacheControl);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.False(response.Headers.Contains("x-backend-node"), "A backend header off the allow-list reached the client.");
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith(Gateway.Transcoding.ContentHeadersAsMetadataHandler.Prefix, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forwards_no_header_the_backend_did_not_send()
    {
        using var response = await fixture.Pair.Gateway.GetAsync($"{Download}?chunks=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestService.CoverPiece(1), await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Null(response.Headers.ETag);
        Assert.Null(response.Headers.CacheControl);
        Assert.Null(response.Content.Headers.LastModified);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task An_empty_file_is_an_empty_body_with_its_headers()
    {
        using var response = await fixture.Pair.Gateway.GetAsync($"{Download}?chunks=0&sendHeaders=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task A_failure_after_the_first_bytes_aborts_the_download_instead_of_appending_an_error_to_the_file()
    {
        // The client must see an incomplete download: with an error status appended, it would save a corrupt file.
        await Assert.ThrowsAsync<HttpRequestException>(() => fixture.Pair.Gateway.GetAsync($"{Download}?chunks=2&failWith=ABORTED"));
    }

    [Fact]
    public async Task A_unary_raw_response_is_not_sniffed_either()
    {
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await fixture.Pair.Gateway.PostAsync("/v1/shelves/s1/books/b1:uploadCover", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
