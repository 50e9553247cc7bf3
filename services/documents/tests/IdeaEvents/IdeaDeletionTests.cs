using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Pipeline;
using Ideation.Documents.Tests.Functional;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Documents.Tests.IdeaEvents;

/// <summary>When an idea is deleted, its documents are unreadable at once and their bytes are removed.</summary>
public sealed class IdeaDeletionTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();

    [Fact]
    public async Task Deleting_an_idea_removes_its_documents_and_their_objects_but_no_others()
    {
        var idea = await service.IdeaAsync(author);
        var kept = await service.IdeaAsync(author);
        var first = await service.Documents(author).UploadAsync(idea.Name, "plan.pdf", Samples.Pdf());
        await service.Documents(author).UploadAsync(idea.Name, "notes.txt", "meeting notes\n"u8.ToArray(), "text/plain");
        var other = await service.Documents(author).UploadAsync(kept.Name, "other.pdf", Samples.Pdf());
        Assert.Equal(2, (await service.ObjectKeysAsync(idea)).Count);

        await service.Ideas(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name });

        // Unreadable at once: the ideas service no longer knows the idea.
        await Scenario.FailsWith(StatusCode.NotFound, service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = first.Name }));

        // Then the event arrives: the rows go, and the sweeper removes the objects.
        await WaitUntilAsync(async () =>
        {
            await using var db = service.CreateDbContext();
            return !await db.Documents.AnyAsync(document => document.IdeaId == idea.IdeaId());
        });
        await service.Services.GetRequiredService<CleanupSweeper>().RunOnceAsync(CancellationToken.None);
        Assert.Empty(await service.ObjectKeysAsync(idea));

        Assert.Equal(other, await service.Documents(author).GetDocumentAsync(new GetDocumentRequest { Name = other.Name }));
        Assert.Single(await service.ObjectKeysAsync(kept));
    }

    [Fact]
    public async Task A_repeated_deletion_event_changes_nothing()
    {
        var idea = await service.IdeaAsync(author);
        await service.Documents(author).UploadAsync(idea.Name, "plan.pdf", Samples.Pdf());
        await using var scope = service.Services.CreateAsyncScope();
        var deletions = scope.ServiceProvider.GetRequiredService<Documents.IdeaEvents.IdeaDeletions>();

        Assert.Equal(1, await deletions.RemoveDocumentsOfAsync(idea.IdeaId(), CancellationToken.None));
        Assert.Equal(0, await deletions.RemoveDocumentsOfAsync(idea.IdeaId(), CancellationToken.None));

        await using var db = service.CreateDbContext();
        Assert.Equal(1, await db.ObjectCleanups.CountAsync(cleanup => cleanup.ObjectKey.StartsWith(idea.IdeaId().ToString())));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the idea's documents were not removed");
            await Task.Delay(100);
        }
    }
}
