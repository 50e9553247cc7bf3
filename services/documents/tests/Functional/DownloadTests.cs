using Ideation.Testing;
using System.Net;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;

namespace Ideation.Documents.Tests.Functional;

public sealed class DownloadTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Theory]
    [InlineData(null, "SCAN_STATE_PENDING")]
    [InlineData(ScanState.Infected, "SCAN_STATE_INFECTED")]
    [InlineData(ScanState.Unscannable, "SCAN_STATE_UNSCANNABLE")]
    [InlineData(ScanState.Failed, "SCAN_STATE_FAILED")]
    public async Task Only_clean_documents_can_be_downloaded(ScanState? verdict, string stateName)
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());
        if (verdict is { } state)
        {
            await service.SetVerdictAsync(document, state, "Some.Reason");
        }

        var download = await Scenario.FailsWith(StatusCode.FailedPrecondition, DownloadAsync(document.Name));
        var url = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(author).CreateDownloadUrlAsync(new CreateDownloadUrlRequest { Name = document.Name }));

        Assert.Equal("DOCUMENT_NOT_CLEAN", download.Reason());
        Assert.Contains(stateName, download.Status.Detail);
        Assert.Equal("DOCUMENT_NOT_CLEAN", url.Reason());
    }

    [Fact]
    public async Task A_clean_document_streams_its_exact_bytes_with_headers_first()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(200_000);
        var document = await service.Documents(author).UploadAsync(idea.Name, "Rapport d'été \"final\".pdf", content, "application/pdf");
        await service.SetVerdictAsync(document, ScanState.Clean);

        var reader = service.DocumentsShowingContentHeaders(TestUser.Admin());
        using var call = reader.DownloadDocument(new DownloadDocumentRequest { Name = document.Name });
        var headers = await call.ResponseHeadersAsync;
        var messages = new List<Google.Api.HttpBody>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        Assert.Equal(
            "attachment; filename=\"Rapport d'_t_ _final_.pdf\"; filename*=UTF-8''Rapport%20d%27%C3%A9t%C3%A9%20%22final%22.pdf",
            headers.GetValue(ContentHeadersVisible.Prefix + "content-disposition"));
        Assert.Equal($"\"{document.Sha256}\"", headers.GetValue("etag"));
        Assert.Equal(ContentTypes.Pdf, messages[0].ContentType);
        Assert.All(messages.Skip(1), message => Assert.Equal("", message.ContentType));
        Assert.All(messages, message => Assert.True(message.Data.Length <= 64 * 1024));
        Assert.Equal(4, messages.Count);
        Assert.Equal(content, messages.SelectMany(message => message.Data.ToByteArray()).ToArray());
    }

    [Fact]
    public async Task A_rescan_pending_clean_document_stays_readable()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.txt", Samples.Text("hello"), "text/plain");
        await service.SetVerdictAsync(document, ScanState.Clean);
        var rescanned = await service.Documents(TestUser.Admin()).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name });
        Assert.True(rescanned.RescanPending);

        Assert.Equal("hello", await ReadAllAsync(document.Name));
    }

    [Fact]
    public async Task Bytes_changed_in_storage_after_the_scan_are_not_served()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf(1000));
        await service.SetVerdictAsync(document, ScanState.Clean);
        var key = Assert.Single(await service.ObjectKeysAsync(idea));
        await service.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = service.Bucket,
            Key = key,
            InputStream = new MemoryStream(Samples.Pdf(2000)),
        });

        var error = await Scenario.FailsWith(StatusCode.DataLoss, DownloadAsync(document.Name));

        Assert.Equal("DOCUMENT_BYTES_CHANGED", error.Reason());
    }

    [Fact]
    public async Task A_presigned_url_downloads_the_bytes_while_valid()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Png(50_000);
        var document = await service.Documents(author).UploadAsync(idea.Name, "photo.png", content, "image/png");
        await service.SetVerdictAsync(document, ScanState.Clean);
        var before = DateTimeOffset.UtcNow;

        var url = await service.Documents(author).CreateDownloadUrlAsync(new CreateDownloadUrlRequest { Name = document.Name });

        var expireTime = url.ExpireTime.ToDateTimeOffset();
        Assert.InRange(expireTime, before, DateTimeOffset.UtcNow.AddMinutes(5));
        using var http = new HttpClient();
        using var response = await http.GetAsync(url.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ContentTypes.Png, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("photo.png", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    private Task<string> DownloadAsync(string name) => ReadAllAsync(name);

    private async Task<string> ReadAllAsync(string name)
    {
        using var call = service.Documents(author).DownloadDocument(new DownloadDocumentRequest { Name = name });
        var bytes = new List<byte>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            bytes.AddRange(message.Data);
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
