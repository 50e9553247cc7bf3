using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

public sealed class ReadAndDeleteTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Fact]
    public async Task Get_returns_what_the_upload_returned()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());

        Assert.Equal(document, await service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = document.Name }));
    }

    [Fact]
    public async Task A_document_is_found_only_under_its_own_idea()
    {
        var idea = await service.IdeaAsync(author);
        var other = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());

        var error = await Scenario.FailsWith(StatusCode.NotFound,
            service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = $"{other.Name}/documents/{document.DocumentId():D}" }));

        Assert.Equal("DOCUMENT_NOT_FOUND", error.Reason());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ideas/x/documents/y")]
    [InlineData("documents/3f8a2b9e-4c1d-4e5f-8a7b-9c0d1e2f3a4b")]
    public async Task A_malformed_name_is_an_invalid_argument(string name)
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = name }));

        Assert.Equal(["name"], error.ViolatedFields());
    }

    [Fact]
    public async Task List_pages_through_every_document_oldest_first()
    {
        var idea = await service.IdeaAsync(author);
        var uploaded = new List<Document>();
        for (var i = 0; i < DocumentsServiceFixture.MaxDocumentsPerIdea; i++)
        {
            uploaded.Add(await service.Documents(author).UploadAsync(idea.Name, $"doc-{i}.pdf", Samples.Pdf()));
        }

        var listed = new List<Document>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await service.Documents(author).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name, PageSize = 2, PageToken = token });
            Assert.True(page.Documents.Count <= 2);
            listed.AddRange(page.Documents);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(uploaded, listed);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_page_token_continues_only_its_own_ideas_listing()
    {
        var idea = await service.IdeaAsync(author);
        var other = await service.IdeaAsync(author);
        for (var i = 0; i < 3; i++)
        {
            await service.Documents(author).UploadAsync(idea.Name, $"doc-{i}.pdf", Samples.Pdf());
        }

        var first = await service.Documents(author).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name, PageSize = 1 });
        var foreign = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).ListDocumentsAsync(new ListDocumentsRequest { Parent = other.Name, PageToken = first.NextPageToken }));
        var forged = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name, PageToken = first.NextPageToken[..^2] + "AA" }));

        Assert.Equal(["page_token"], foreign.ViolatedFields());
        Assert.Equal(["page_token"], forged.ViolatedFields());
    }

    [Fact]
    public async Task A_negative_page_size_is_refused()
    {
        var idea = await service.IdeaAsync(author);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(author).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name, PageSize = -1 }));

        Assert.Equal(["page_size"], error.ViolatedFields());
    }

    [Fact]
    public async Task Delete_removes_the_row_and_the_object_at_once()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());
        Assert.Single(await service.ObjectKeysAsync(idea));

        await service.Documents(author).DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name });

        Assert.Equal(0, await service.DocumentRowsAsync(idea));
        Assert.Empty(await service.ObjectKeysAsync(idea));
        await using var db = service.CreateDbContext();
        var id = document.DocumentId();
        Assert.False(await db.ObjectCleanups.AnyAsync(c => c.ObjectKey.EndsWith(id.ToString())), "the object was deleted, so its cleanup row was too");
        Assert.False(await db.ScanOutbox.AnyAsync(o => o.DocumentId == id), "a deleted document needs no scan");
        await Scenario.FailsWith(StatusCode.NotFound, service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = document.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, service.Documents(author).DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name }));
    }

    [Fact]
    public async Task A_deleted_document_frees_its_place_under_the_limit()
    {
        var idea = await service.IdeaAsync(author);
        var documents = new List<Document>();
        for (var i = 0; i < DocumentsServiceFixture.MaxDocumentsPerIdea; i++)
        {
            documents.Add(await service.Documents(author).UploadAsync(idea.Name, $"doc-{i}.pdf", Samples.Pdf()));
        }

        await service.Documents(author).DeleteDocumentAsync(new DeleteDocumentRequest { Name = documents[0].Name });
        await service.Documents(author).UploadAsync(idea.Name, "replacement.pdf", Samples.Pdf());

        Assert.Equal(DocumentsServiceFixture.MaxDocumentsPerIdea, await service.DocumentRowsAsync(idea));
    }
}
