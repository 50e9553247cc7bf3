using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.ServiceDefaults.Errors;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// An upload (a client stream) whose first or a later message does not decode, sent in raw gRPC
/// frames: INVALID_ARGUMENT naming the field, as soon as that message is read (UNKNOWN before), and
/// nothing left behind: no document, no object, no cleanup row.
/// </summary>
public sealed class UndecodableUploadTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private const string UploadDocument = "ideation.documents.v1.DocumentService/UploadDocument";

    private readonly TestUser author = TestUser.Submitter();

    private string Address => $"http://127.0.0.1:{service.ServicePort}";

    [Fact]
    public async Task A_later_message_that_does_not_decode_ends_the_upload_as_invalid_argument_and_stores_nothing()
    {
        var idea = await service.IdeaAsync(author);
        var first = new UploadDocumentRequest
        {
            Parent = idea.Name,
            Filename = "notes.txt",
            Chunk = new Google.Api.HttpBody { ContentType = "text/plain", Data = ByteString.CopyFromUtf8("first part\n") },
        };
        var second = new UploadDocumentRequest { Chunk = new Google.Api.HttpBody { Data = ByteString.CopyFromUtf8("second part\n") } };
        // chunk announces 5 bytes and only 2 follow.
        var third = Convert.FromHexString("22051201");

        var answer = await RawGrpcCall.SendAsync(Address, UploadDocument, author.Token, first.ToByteArray(), second.ToByteArray(), third);

        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Equal(RpcErrors.MalformedRequestReason, answer.Reason);
        Assert.Equal(["chunk"], answer.Fields);
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task A_filename_that_is_not_utf8_is_invalid_argument_on_filename_and_stores_nothing()
    {
        var idea = await service.IdeaAsync(author);
        var first = new UploadDocumentRequest
        {
            Parent = idea.Name,
            Filename = "a@@b.txt",
            Chunk = new Google.Api.HttpBody { ContentType = "text/plain", Data = ByteString.CopyFromUtf8("hello\n") },
        }.ToByteArray();
        var at = first.AsSpan().IndexOf(Encoding.ASCII.GetBytes("a@@b"));
        new byte[] { 0x61, 0xC3, 0x28, 0x62 }.CopyTo(first, at);

        var answer = await RawGrpcCall.SendAsync(Address, UploadDocument, author.Token, first);

        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Equal("INVALID_ARGUMENT", answer.Reason);
        Assert.Equal(["filename"], answer.Fields);
        await AssertNothingStoredAsync(idea);
    }

    private async Task AssertNothingStoredAsync(Contracts.Ideas.V1.Idea idea)
    {
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
        Assert.Empty(await service.ObjectKeysAsync(idea));
        await using var db = service.CreateDbContext();
        var prefix = $"{idea.IdeaId():D}/";
        Assert.False(await db.ObjectCleanups.AnyAsync(c => c.ObjectKey.StartsWith(prefix)), "a cleanup row was left behind");
    }
}
