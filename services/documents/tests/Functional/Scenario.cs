using System.Globalization;
using Amazon.S3.Model;
using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Domain;
using Ideation.ServiceDefaults.Errors;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

/// <summary>Shortcuts for the steps many tests share: ideas in a state, uploads, direct looks at storage and the database.</summary>
public static class Scenario
{
    /// <summary>A fresh idea of <paramref name="author"/>, taken to <paramref name="state"/> along the real workflow.</summary>
    public static async Task<Idea> IdeaAsync(this DocumentsServiceFixture service, TestUser author, Idea.Types.State state = Idea.Types.State.Draft)
    {
        var ideas = service.Ideas(author);
        var reviewer = service.Ideas(TestUser.Reviewer());
        var idea = await ideas.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = "Bike racks at HQ", Description = "More racks near the east door", Category = "workplace" },
        });
        var name = idea.Name;
        if (state == Idea.Types.State.Draft)
        {
            return idea;
        }

        idea = await ideas.SubmitIdeaAsync(new SubmitIdeaRequest { Name = name });
        if (state is Idea.Types.State.UnderReview or Idea.Types.State.Approved)
        {
            idea = await reviewer.StartReviewAsync(new StartReviewRequest { Name = name });
        }

        if (state == Idea.Types.State.Approved)
        {
            idea = await reviewer.ApproveIdeaAsync(new ApproveIdeaRequest { Name = name });
        }

        Assert.Equal(state, idea.State);
        return idea;
    }

    /// <summary>
    /// Uploads <paramref name="content"/> in chunks, announcing <paramref name="announcedBytes"/> as its
    /// length when given. A server that refuses early ends the call while the client still writes: the
    /// write fails, and the call's status is the answer.
    /// </summary>
    public static async Task<Document> UploadAsync(this DocumentService.DocumentServiceClient client, string parent, string filename,
        byte[] content, string declaredType = "application/octet-stream", string requestId = "", int chunkBytes = 64 * 1024, long? announcedBytes = null)
    {
        using var call = client.UploadDocument(announcedBytes is { } announced ? new Metadata { { Uploads.UploadLength.Header, announced.ToString(CultureInfo.InvariantCulture) } } : null);
        try
        {
            var offset = 0;
            do
            {
                var length = Math.Min(chunkBytes, content.Length - offset);
                var message = new UploadDocumentRequest
                {
                    Chunk = new Google.Api.HttpBody { Data = Google.Protobuf.ByteString.CopyFrom(content, offset, length) },
                };
                if (offset == 0)
                {
                    message.Parent = parent;
                    message.Filename = filename;
                    message.RequestId = requestId;
                    message.Chunk.ContentType = declaredType;
                }

                await call.RequestStream.WriteAsync(message);
                offset += length;
            }
            while (offset < content.Length);

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException)
        {
            // The server answered before reading everything; ResponseAsync carries its status.
        }

        return await call.ResponseAsync;
    }

    public static async Task<RpcException> FailsWith<T>(StatusCode code, Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    public static Task<RpcException> FailsWith<T>(StatusCode code, AsyncUnaryCall<T> call) => FailsWith(code, call.ResponseAsync);

    public static string Reason(this RpcException error) => error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason;

    public static string[] ViolatedFields(this RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToArray();

    public static Guid IdeaId(this Idea idea) => Guid.Parse(idea.Name["ideas/".Length..]);

    public static Guid DocumentId(this Document document) => Guid.Parse(document.Name[^36..]);

    /// <summary>Every object key under the idea's prefix in <paramref name="bucket"/>.</summary>
    public static async Task<List<string>> ObjectKeysAsync(this DocumentsServiceFixture service, Idea idea, string? bucket = null)
    {
        var listing = await service.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket ?? service.Bucket, Prefix = $"{idea.IdeaId():D}/" });
        return listing.S3Objects.Select(o => o.Key).ToList();
    }

    public static async Task<byte[]> ReadObjectAsync(this DocumentsServiceFixture service, string bucket, string key)
    {
        using var response = await service.S3.GetObjectAsync(bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    public static async Task<int> DocumentRowsAsync(this DocumentsServiceFixture service, Idea idea)
    {
        await using var db = service.CreateDbContext();
        var ideaId = idea.IdeaId();
        return await db.Documents.CountAsync(d => d.IdeaId == ideaId);
    }

    /// <summary>Records a verdict straight in the database, as the scan pipeline would.</summary>
    public static async Task SetVerdictAsync(this DocumentsServiceFixture service, Document document, ScanState state, string? threat = null)
    {
        await using var db = service.CreateDbContext();
        var id = document.DocumentId();
        var now = DateTime.UtcNow;
        await db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(update => update
            .SetProperty(d => d.ScanState, state)
            .SetProperty(d => d.VerdictGeneration, d => d.ScanGeneration)
            .SetProperty(d => d.ThreatName, threat)
            .SetProperty(d => d.ScanTime, now)
            .SetProperty(d => d.EngineVersion, "ClamAV 1.4.6"));
    }
}
