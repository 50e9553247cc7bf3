using System.Security.Cryptography;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Uploads;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// Uploads whose length is announced in the call's metadata (x-upload-length, as the gateway sets it
/// from Content-Length): stored as one PutObject streamed as it arrives, on the real S3 server, and
/// refused with nothing left behind when the file turns out longer or shorter than announced.
/// </summary>
public sealed class AnnouncedLengthTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Theory]
    [InlineData(10_000)]
    [InlineData(DocumentsServiceFixture.PartSizeBytes)]
    [InlineData(2 * DocumentsServiceFixture.PartSizeBytes + 123_457)]
    public async Task A_file_of_the_announced_length_is_stored_byte_identical_as_one_object(int length)
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(length);

        var document = await service.Documents(author).UploadAsync(idea.Name, "scan.pdf", content, "application/pdf", announcedBytes: length);

        Assert.Equal(length, document.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256);
        Assert.Equal(Domain.ContentTypes.Pdf, document.ContentType);
        var key = Assert.Single(await service.ObjectKeysAsync(idea));
        Assert.Equal(content, await service.ReadObjectAsync(service.Bucket, key));
        var head = await service.S3.GetObjectMetadataAsync(service.Bucket, key);
        Assert.Equal(Domain.ContentTypes.Pdf, head.Headers.ContentType);
        await using var db = service.CreateDbContext();
        Assert.False(await db.ObjectCleanups.AnyAsync(c => c.ObjectKey == key), "the upload's cleanup row goes with the insert");
    }

    [Theory]
    [InlineData("a small file", 10_000)]
    [InlineData("after the PutObject started", 2 * DocumentsServiceFixture.PartSizeBytes + 100_000)]
    public async Task A_file_longer_than_announced_is_refused_and_leaves_nothing_behind(string because, int length)
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(length);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, "long.pdf", content, "application/pdf", announcedBytes: length - 1000));

        Assert.True(error.ViolatedFields().Contains(UploadLength.Header), $"{because}: {error.Status.Detail}");
        await AssertNothingStoredAsync(idea);
    }

    [Theory]
    [InlineData("within the head", 10_000)]
    [InlineData("after the PutObject started", 2 * DocumentsServiceFixture.PartSizeBytes)]
    public async Task A_file_shorter_than_announced_is_refused_and_leaves_nothing_behind(string because, int length)
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(length);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, "short.pdf", content, "application/pdf", announcedBytes: length + 1));

        Assert.True(error.ViolatedFields().Contains(UploadLength.Header), $"{because}: {error.Status.Detail}");
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task An_announced_length_over_the_limit_is_refused_before_anything_is_stored()
    {
        var idea = await service.IdeaAsync(author);

        var error = await Scenario.FailsWith(StatusCode.ResourceExhausted,
            service.Documents(author).UploadAsync(idea.Name, "big.pdf", Samples.Pdf(), "application/pdf", announcedBytes: DocumentsServiceFixture.MaxUploadBytes + 1));

        Assert.Equal("UPLOAD_TOO_LARGE", error.Reason());
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task A_disallowed_type_of_announced_length_is_refused_and_leaves_nothing_behind()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Executable(2 * DocumentsServiceFixture.PartSizeBytes);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, "report.pdf", content, "application/pdf", announcedBytes: content.Length));

        Assert.Equal("CONTENT_TYPE_NOT_ALLOWED", error.Reason());
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task A_client_gone_after_the_PutObject_started_leaves_nothing_behind()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(2 * DocumentsServiceFixture.PartSizeBytes);
        using var cancel = new CancellationTokenSource();
        using (var call = service.Documents(author).UploadDocument(
                   new Metadata { { UploadLength.Header, (content.Length + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                   cancellationToken: cancel.Token))
        {
            const int Chunk = 256 * 1024;
            for (var offset = 0; offset < content.Length; offset += Chunk)
            {
                var message = new Contracts.Documents.V1.UploadDocumentRequest
                {
                    Chunk = new Google.Api.HttpBody { Data = Google.Protobuf.ByteString.CopyFrom(content, offset, Chunk) },
                };
                if (offset == 0)
                {
                    message.Parent = idea.Name;
                    message.Filename = "gone.pdf";
                }

                await call.RequestStream.WriteAsync(message);
            }

            // Two heads' worth written: the service is streaming into a PutObject when the client goes.
            await Task.Delay(500);
            await cancel.CancelAsync();
        }

        await Eventually(async () => (await service.ObjectKeysAsync(idea)).Count == 0 && await CleanupRowsAsync(idea) == 0);
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
    }

    [Fact]
    public async Task An_announced_length_that_is_no_number_is_refused()
    {
        var idea = await service.IdeaAsync(author);
        using var call = service.Documents(author).UploadDocument(new Metadata { { UploadLength.Header, "12kB" } });

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, call.ResponseAsync);

        Assert.Equal([UploadLength.Header], error.ViolatedFields());
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
    }

    private async Task<int> CleanupRowsAsync(Idea idea)
    {
        await using var db = service.CreateDbContext();
        var prefix = $"{idea.IdeaId():D}/";
        return await db.ObjectCleanups.CountAsync(c => c.ObjectKey.StartsWith(prefix));
    }

    private async Task AssertNothingStoredAsync(Idea idea)
    {
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
        Assert.Empty(await service.ObjectKeysAsync(idea));
        Assert.Equal(0, await CleanupRowsAsync(idea));
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The condition did not come true within 10 seconds.");
    }
}
