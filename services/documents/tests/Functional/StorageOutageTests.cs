using System.Net;
using Grpc.Core;
using Ideation.Testing;

namespace Ideation.Documents.Tests.Functional;

/// <summary>The documents service on an S3 server of its own, which tests kill and restart.</summary>
public sealed class OwnStorageFixture : DocumentsServiceFixture
{
    public LocalServer Storage { get; private set; } = null!;

    protected override async Task<string> StartStorageAsync()
    {
        Storage = await LocalServer.StartS3Async();
        return Storage.Url;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Storage.DisposeAsync();
    }
}

public sealed class StorageOutageTests(OwnStorageFixture service) : IClassFixture<OwnStorageFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Fact]
    public async Task Storage_going_down_during_an_upload_makes_it_unavailable_and_leaves_no_row()
    {
        var idea = await service.IdeaAsync(author);
        await service.Documents(author).UploadAsync(idea.Name, "before.pdf", Samples.Pdf());
        try
        {
            using var call = service.Documents(author).UploadDocument();
            var content = Samples.Pdf(3 * DocumentsServiceFixture.PartSizeBytes);
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
                    message.Filename = "during.pdf";
                }

                // Past the first part: the upload is under way in storage when the server dies.
                if (offset == DocumentsServiceFixture.PartSizeBytes + Chunk)
                {
                    service.Storage.Kill();
                }

                try
                {
                    await call.RequestStream.WriteAsync(message);
                }
                catch (RpcException)
                {
                    break;
                }
            }

            try
            {
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception exception) when (exception is RpcException or InvalidOperationException)
            {
            }

            var error = await Scenario.FailsWith(StatusCode.Unavailable, call.ResponseAsync);
            Assert.Equal("STORAGE_UNAVAILABLE", error.Reason());
            Assert.Equal(1, await service.DocumentRowsAsync(idea));

            using var management = service.ManagementClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await management.GetAsync("/ready")).StatusCode);
        }
        finally
        {
            await service.Storage.StartAgainAsync();
        }

        var after = await service.Documents(author).UploadAsync(idea.Name, "after.pdf", Samples.Pdf());
        Assert.Equal(2, await service.DocumentRowsAsync(idea));
        Assert.Equal(after.Sha256, (await service.Documents(author).GetDocumentAsync(new() { Name = after.Name })).Sha256);
    }

    [Fact]
    public async Task An_upload_while_storage_is_down_is_unavailable()
    {
        var idea = await service.IdeaAsync(author);
        service.Storage.Kill();
        try
        {
            var error = await Scenario.FailsWith(StatusCode.Unavailable, service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf()));

            Assert.Equal("STORAGE_UNAVAILABLE", error.Reason());
            Assert.Equal(0, await service.DocumentRowsAsync(idea));
        }
        finally
        {
            await service.Storage.StartAgainAsync();
        }
    }
}
