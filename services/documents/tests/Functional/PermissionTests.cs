using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Documents.Tests.Functional;

/// <summary>Who may do what comes from the real ideas service: its visibility rules and the idea's author and state.</summary>
public sealed class PermissionTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();
    private readonly TestUser stranger = TestUser.Submitter("stranger");

    [Fact]
    public async Task Another_users_draft_is_not_found_for_every_method()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());
        var client = service.Documents(stranger);

        await Scenario.FailsWith(StatusCode.NotFound, client.UploadAsync(idea.Name, "b.pdf", Samples.Pdf()));
        await Scenario.FailsWith(StatusCode.NotFound, client.GetDocumentAsync(new GetDocumentRequest { Name = document.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, client.ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, client.DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, client.CreateDownloadUrlAsync(new CreateDownloadUrlRequest { Name = document.Name }));
        var error = await Scenario.FailsWith(StatusCode.NotFound, client.RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name }));
        Assert.Equal("IDEA_NOT_FOUND", error.Reason());
    }

    [Fact]
    public async Task An_idea_that_does_not_exist_is_not_found()
    {
        var error = await Scenario.FailsWith(StatusCode.NotFound,
            service.Documents(author).UploadAsync($"ideas/{Guid.NewGuid():D}", "a.pdf", Samples.Pdf()));

        Assert.Equal("IDEA_NOT_FOUND", error.Reason());
    }

    [Fact]
    public async Task Not_found_comes_before_invalid_arguments()
    {
        var idea = await service.IdeaAsync(author);

        await Scenario.FailsWith(StatusCode.NotFound, service.Documents(stranger).UploadAsync(idea.Name, "../x", []));
    }

    [Fact]
    public async Task A_reviewer_cannot_upload_to_a_submitted_idea()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Submitted);

        var error = await Scenario.FailsWith(StatusCode.PermissionDenied,
            service.Documents(TestUser.Reviewer()).UploadAsync(idea.Name, "review.pdf", Samples.Pdf()));

        Assert.Equal("AUTHOR_ONLY", error.Reason());
        Assert.Equal(0, await service.DocumentRowsAsync(idea));
    }

    [Fact]
    public async Task Permission_denied_comes_before_invalid_arguments()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Submitted);

        await Scenario.FailsWith(StatusCode.PermissionDenied, service.Documents(stranger).UploadAsync(idea.Name, "../x", []));
    }

    [Fact]
    public async Task The_author_can_upload_while_the_idea_is_submitted()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Submitted);

        var document = await service.Documents(author).UploadAsync(idea.Name, "more.pdf", Samples.Pdf());

        Assert.Equal(author.Id, document.Uploader);
    }

    [Fact]
    public async Task The_author_cannot_change_documents_after_approval()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Submitted);
        var document = await service.Documents(author).UploadAsync(idea.Name, "early.pdf", Samples.Pdf());
        var reviewer = service.Ideas(TestUser.Reviewer());
        await reviewer.StartReviewAsync(new StartReviewRequest { Name = idea.Name });
        await reviewer.ApproveIdeaAsync(new ApproveIdeaRequest { Name = idea.Name });

        var upload = await Scenario.FailsWith(StatusCode.FailedPrecondition, service.Documents(author).UploadAsync(idea.Name, "late.pdf", Samples.Pdf()));
        var delete = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(author).DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name }));

        Assert.Equal("IDEA_NOT_OPEN_FOR_CHANGES", upload.Reason());
        Assert.Contains("STATE_APPROVED", upload.Status.Detail);
        Assert.Equal("IDEA_NOT_OPEN_FOR_CHANGES", delete.Reason());
    }

    [Fact]
    public async Task Invalid_arguments_come_before_the_ideas_state()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Approved);

        await Scenario.FailsWith(StatusCode.InvalidArgument, service.Documents(author).UploadAsync(idea.Name, "../x", Samples.Pdf()));
    }

    [Fact]
    public async Task An_admin_can_upload_and_delete_in_any_state()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Approved);
        var admin = service.Documents(TestUser.Admin());

        var document = await admin.UploadAsync(idea.Name, "decision.pdf", Samples.Pdf());
        await admin.DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name });

        Assert.Equal(0, await service.DocumentRowsAsync(idea));
    }

    [Fact]
    public async Task Whoever_sees_the_idea_reads_its_documents_but_does_not_change_them()
    {
        var idea = await service.IdeaAsync(author, Idea.Types.State.Submitted);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());
        var reader = service.Documents(stranger);

        Assert.Equal(document, await reader.GetDocumentAsync(new GetDocumentRequest { Name = document.Name }));
        Assert.Equal([document], (await reader.ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name })).Documents);
        var error = await Scenario.FailsWith(StatusCode.PermissionDenied, reader.DeleteDocumentAsync(new DeleteDocumentRequest { Name = document.Name }));
        Assert.Equal("AUTHOR_ONLY", error.Reason());
    }

    [Fact]
    public async Task Rescan_and_release_are_for_admins_only()
    {
        var idea = await service.IdeaAsync(author);
        var document = await service.Documents(author).UploadAsync(idea.Name, "a.pdf", Samples.Pdf());

        var rescan = await Scenario.FailsWith(StatusCode.PermissionDenied,
            service.Documents(author).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name }));
        var release = await Scenario.FailsWith(StatusCode.PermissionDenied,
            service.Documents(author).ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document.Name, Reason = "mine" }));

        Assert.Equal("ADMIN_ROLE_REQUIRED", rescan.Reason());
        Assert.Equal("ADMIN_ROLE_REQUIRED", release.Reason());
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        var idea = await service.IdeaAsync(author);

        await Scenario.FailsWith(StatusCode.Unauthenticated, service.Documents(null).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea.Name }));
    }
}
