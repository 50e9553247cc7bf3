using Ideation.Testing;
using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

public sealed class UploadTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Fact]
    public async Task A_small_file_is_stored_byte_identical_and_queued_for_its_scan()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf(10_000);

        var document = await service.Documents(author).UploadAsync(idea.Name, "  Quarterly report.pdf ", content, "application/pdf");

        Assert.StartsWith(idea.Name + "/documents/", document.Name);
        Assert.Equal("Quarterly report.pdf", document.Filename);
        Assert.Equal(ContentTypes.Pdf, document.ContentType);
        Assert.Equal("application/pdf", document.DeclaredContentType);
        Assert.Equal(content.Length, document.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256);
        Assert.Equal(Document.Types.ScanState.Pending, document.ScanState);
        Assert.False(document.RescanPending);
        Assert.Equal(author.Id, document.Uploader);

        await using var db = service.CreateDbContext();
        var row = await db.Documents.SingleAsync(d => d.Id == document.DocumentId());
        Assert.Equal($"{idea.IdeaId():D}/{row.Id:D}", row.ObjectKey);
        Assert.Equal(service.Bucket, row.Bucket);
        Assert.Equal((1, 0), (row.ScanGeneration, row.VerdictGeneration));
        Assert.Equal(content, await service.ReadObjectAsync(row.Bucket, row.ObjectKey));
        var job = await db.ScanOutbox.SingleAsync(o => o.DocumentId == row.Id);
        Assert.Equal(1, job.Generation);
        Assert.False(await db.ObjectCleanups.AnyAsync(c => c.ObjectKey == row.ObjectKey), "the upload's cleanup row goes with the insert");
    }

    [Fact]
    public async Task The_scan_job_continues_the_trace_of_the_upload()
    {
        var idea = await service.IdeaAsync(author);
        using var caller = new Activity("caller").Start();

        var document = await service.Documents(author).UploadAsync(idea.Name, "plan.pdf", Samples.Pdf(1_000), "application/pdf");
        caller.Stop();

        await using var db = service.CreateDbContext();
        var job = await db.ScanOutbox.SingleAsync(o => o.DocumentId == document.DocumentId());
        Assert.True(ActivityContext.TryParse(job.TraceParent, null, out var queuedBy), $"traceparent '{job.TraceParent}'");
        Assert.Equal(caller.TraceId, queuedBy.TraceId);
        Assert.NotEqual(caller.SpanId, queuedBy.SpanId);
    }

    [Fact]
    public async Task A_file_of_several_parts_is_stored_byte_identical()
    {
        var idea = await service.IdeaAsync(author);
        // Two full parts and a partial third: the multipart path, with a last part smaller than the others.
        var content = Samples.Pdf(2 * DocumentsServiceFixture.PartSizeBytes + 123_457);

        var document = await service.Documents(author).UploadAsync(idea.Name, "scan.pdf", content, "application/pdf");

        Assert.Equal(content.Length, document.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256);
        var key = Assert.Single(await service.ObjectKeysAsync(idea));
        Assert.Equal(content, await service.ReadObjectAsync(service.Bucket, key));
    }

    [Fact]
    public async Task A_file_of_exactly_one_part_is_stored_whole()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Png(DocumentsServiceFixture.PartSizeBytes);

        var document = await service.Documents(author).UploadAsync(idea.Name, "photo.png", content, "image/png");

        Assert.Equal(content, await service.ReadObjectAsync(service.Bucket, Assert.Single(await service.ObjectKeysAsync(idea))));
        Assert.Equal(ContentTypes.Png, document.ContentType);
    }

    [Fact]
    public async Task A_spoofed_declared_type_is_recorded_but_the_detected_type_is_stored()
    {
        var idea = await service.IdeaAsync(author);

        var document = await service.Documents(author).UploadAsync(idea.Name, "invoice.pdf", Samples.Png(), "application/pdf");

        Assert.Equal(ContentTypes.Png, document.ContentType);
        Assert.Equal("application/pdf", document.DeclaredContentType);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain", ContentTypes.PlainText)]
    [InlineData("figures.csv", "text/plain", ContentTypes.Csv)]
    [InlineData("figures", "text/csv; charset=utf-8", ContentTypes.Csv)]
    public async Task Text_is_told_from_csv_by_name_or_declared_type(string filename, string declared, string expected)
    {
        var idea = await service.IdeaAsync(author);

        var document = await service.Documents(author).UploadAsync(idea.Name, filename, Samples.Text("quarter,total\r\nQ1,12\tok\nQ2,€13\n"), declared);

        Assert.Equal(expected, document.ContentType);
    }

    [Fact]
    public async Task An_office_document_is_recognised_inside_its_zip()
    {
        var idea = await service.IdeaAsync(author);

        var document = await service.Documents(author).UploadAsync(idea.Name, "plan.docx", Samples.Docx(), "application/octet-stream");

        Assert.Equal(ContentTypes.Docx, document.ContentType);
    }

    [Fact]
    public async Task Repeating_a_request_id_returns_the_first_document_and_stores_nothing_more()
    {
        var idea = await service.IdeaAsync(author);
        var client = service.Documents(author);

        var first = await client.UploadAsync(idea.Name, "a.pdf", Samples.Pdf(), "application/pdf", requestId: "upload-1.a_b");
        var again = await client.UploadAsync(idea.Name, "b.pdf", Samples.Pdf(), "application/pdf", requestId: "upload-1.a_b");

        Assert.Equal(first, again);
        Assert.Equal(1, await service.DocumentRowsAsync(idea));
        Assert.Single(await service.ObjectKeysAsync(idea));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_agree_on_one_document()
    {
        var idea = await service.IdeaAsync(author);
        var client = service.Documents(author);

        // All stream at once; the unique index picks the winner, and every loser answers with it.
        var documents = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.UploadAsync(idea.Name, "a.pdf", Samples.Pdf(300_000), requestId: "retried")));

        Assert.Single(documents.Select(d => d.Name).Distinct());
        Assert.Equal(1, await service.DocumentRowsAsync(idea));
        await using var db = service.CreateDbContext();
        var id = documents[0].DocumentId();
        Assert.Equal(1, await db.ScanOutbox.CountAsync(o => o.DocumentId == id));
    }

    [Fact]
    public async Task The_same_request_id_from_another_uploader_is_another_upload()
    {
        var idea = await service.IdeaAsync(author);
        var admin = TestUser.Admin();

        var mine = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf(), requestId: "same");
        var theirs = await service.Documents(admin).UploadAsync(idea.Name, "a.pdf", Samples.Pdf(), requestId: "same");

        Assert.NotEqual(mine.Name, theirs.Name);
    }

    public static TheoryData<string, string, byte[], string, string> Refusals => new()
    {
        { "empty file", "empty.pdf", [], "", "chunk.data" },
        { "a path", "../x", Samples.Pdf(), "", "filename" },
        { "a folder", "reports/q1.pdf", Samples.Pdf(), "", "filename" },
        { "a NUL", "a\0b.pdf", Samples.Pdf(), "", "filename" },
        { "a 300-byte name", new string('n', 296) + ".pdf", Samples.Pdf(), "", "filename" },
        { "a blank name", "   ", Samples.Pdf(), "", "filename" },
        { "a bad request id", "a.pdf", Samples.Pdf(), "no spaces allowed", "request_id" },
        { "a disallowed type", "setup.pdf", Samples.Executable(), "", "chunk.data" },
        { "binary that is no known type", "data.txt", [1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12, 13], "", "chunk.data" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Invalid_uploads_are_refused_and_leave_nothing_behind(string because, string filename, byte[] content, string requestId, string field)
    {
        var idea = await service.IdeaAsync(author);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, filename, content, "application/pdf", requestId));

        Assert.True(error.ViolatedFields().Contains(field), $"{because}: {error.Status.Detail}");
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task A_disallowed_type_is_refused_with_its_own_reason()
    {
        var idea = await service.IdeaAsync(author);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, "report.pdf", Samples.Executable(), "application/pdf"));

        Assert.Equal("CONTENT_TYPE_NOT_ALLOWED", error.Reason());
    }

    [Fact]
    public async Task Text_that_turns_binary_after_the_first_part_is_refused()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Text(new string('a', DocumentsServiceFixture.PartSizeBytes + 1000));
        content[^10] = 0;

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).UploadAsync(idea.Name, "long.txt", content, "text/plain"));

        Assert.Equal("CONTENT_TYPE_NOT_ALLOWED", error.Reason());
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task One_byte_over_the_limit_is_refused_as_too_large_and_leaves_nothing_behind()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf((int)DocumentsServiceFixture.MaxUploadBytes + 1);

        var error = await Scenario.FailsWith(StatusCode.ResourceExhausted,
            service.Documents(author).UploadAsync(idea.Name, "big.pdf", content, "application/pdf", chunkBytes: 1024 * 1024));

        Assert.Equal("UPLOAD_TOO_LARGE", error.Reason());
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task Exactly_the_limit_is_accepted()
    {
        var idea = await service.IdeaAsync(author);
        var content = Samples.Pdf((int)DocumentsServiceFixture.MaxUploadBytes);

        var document = await service.Documents(author).UploadAsync(idea.Name, "big.pdf", content, "application/pdf", chunkBytes: 1024 * 1024);

        Assert.Equal(DocumentsServiceFixture.MaxUploadBytes, document.SizeBytes);
    }

    [Fact]
    public async Task Later_messages_may_carry_only_data()
    {
        var idea = await service.IdeaAsync(author);
        using var call = service.Documents(author).UploadDocument();
        await call.RequestStream.WriteAsync(new UploadDocumentRequest
        {
            Parent = idea.Name,
            Filename = "a.txt",
            Chunk = new Google.Api.HttpBody { ContentType = "text/plain", Data = Google.Protobuf.ByteString.CopyFromUtf8("hello ") },
        });
        try
        {
            await call.RequestStream.WriteAsync(new UploadDocumentRequest
            {
                Filename = "b.txt",
                Chunk = new Google.Api.HttpBody { Data = Google.Protobuf.ByteString.CopyFromUtf8("world") },
            });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
        }

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, call.ResponseAsync);
        Assert.Equal(["filename"], error.ViolatedFields());
        await AssertNothingStoredAsync(idea);
    }

    [Fact]
    public async Task An_idea_takes_at_most_the_configured_number_of_documents()
    {
        var idea = await service.IdeaAsync(author);
        var client = service.Documents(author);
        for (var i = 0; i < DocumentsServiceFixture.MaxDocumentsPerIdea; i++)
        {
            await client.UploadAsync(idea.Name, $"doc-{i}.pdf", Samples.Pdf());
        }

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition, client.UploadAsync(idea.Name, "one-more.pdf", Samples.Pdf()));

        Assert.Equal("TOO_MANY_DOCUMENTS", error.Reason());
        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, await service.DocumentRowsAsync(idea));
        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, (await service.ObjectKeysAsync(idea)).Count);
    }

    [Fact]
    public async Task Concurrent_uploads_cannot_exceed_the_limit()
    {
        var idea = await service.IdeaAsync(author);
        var client = service.Documents(author);
        var attempts = DocumentsServiceFixture.MaxDocumentsPerIdea * 3;

        // All pass the first count together; the lock in the inserting transaction decides.
        var uploads = Enumerable.Range(0, attempts).Select(async i =>
        {
            try
            {
                await client.UploadAsync(idea.Name, $"doc-{i}.pdf", Samples.Pdf(200_000));
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                Assert.Equal("TOO_MANY_DOCUMENTS", exception.Reason());
                return exception.StatusCode;
            }
        }).ToList();
        var outcomes = await Task.WhenAll(uploads);

        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, outcomes.Count(code => code == StatusCode.OK));
        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, await service.DocumentRowsAsync(idea));
        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, (await service.ObjectKeysAsync(idea)).Count);
    }

    private async Task AssertNothingStoredAsync(Contracts.Ideas.V1.Idea idea)
    {
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
        Assert.Empty(await service.ObjectKeysAsync(idea));
        await using var db = service.CreateDbContext();
        var prefix = $"{idea.IdeaId():D}/";
        Assert.False(await db.ObjectCleanups.AnyAsync(c => c.ObjectKey.StartsWith(prefix)), "a refused upload proved nothing was stored: no cleanup is left to do");
    }
}
