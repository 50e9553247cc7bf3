using System.Net;
using Amazon.S3.Model;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>A deleted idea's documents become unreadable at once, and their bytes leave storage.</summary>
[Collection(SharedPlatform.Name)]
public sealed class IdeaDeletionTests(Platform platform)
{
    [Fact]
    public async Task Deleting_an_idea_makes_its_documents_unreadable_and_removes_their_objects()
    {
        var alice = new DocumentsClient(platform, TestIdentity.Submitter("alice"));
        var idea = await alice.CreateIdeaAsync();
        var document = await alice.UploadAcceptedAsync(idea, TestFiles.Pdf("Budget"), "budget.pdf", "application/pdf");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await alice.WaitForVerdictAsync(document)));

        using var deleted = await alice.Http.DeleteAsync($"/v1/{idea}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        using var read = await alice.Http.GetAsync($"/v1/{document}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var download = await alice.Http.GetAsync($"/v1/{document}:download");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);

        using var storage = platform.StorageClient();
        var prefix = idea["ideas/".Length..] + "/";
        await Eventually.AssertAsync(async () =>
        {
            var listing = await storage.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Platform.DocumentsBucket, Prefix = prefix });
            return (listing.S3Objects?.Count ?? 0) == 0;
        }, "the idea's objects are removed");
    }
}
