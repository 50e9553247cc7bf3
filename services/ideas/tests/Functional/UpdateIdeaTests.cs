using Ideation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Ideas.Tests.Functional;

public sealed class UpdateIdeaTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    private static UpdateIdeaRequest Update(Idea idea, params string[] paths) =>
        new() { Idea = idea, UpdateMask = paths.Length == 0 ? null : new FieldMask { Paths = { paths } } };

    [Fact]
    public async Task Only_the_masked_fields_change_and_the_edit_is_recorded()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(title: "Old title", description: "Old text", category: "process", tags: ["a"]);

        var updated = await service.As(author).UpdateIdeaAsync(Update(
            new Idea { Name = created.Name, Title = " New title ", Description = "ignored", Category = "", Tags = { " B ", "c" } },
            "title", "tags"));

        Assert.Equal("New title", updated.Title);
        Assert.Equal(["b", "c"], updated.Tags);
        Assert.Equal("Old text", updated.Description);
        Assert.Equal("process", updated.Category);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.True(updated.UpdateTime.ToDateTime() > created.UpdateTime.ToDateTime());
        Assert.Equal(created.CreateTime, updated.CreateTime);
        Assert.Equal(updated, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name }));

        var edit = (await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = created.Name })).Events.Last();
        Assert.Equal(IdeaEvent.Types.Kind.Edited, edit.Kind);
        Assert.Equal(["title", "tags"], edit.ChangedFields);
        Assert.Equal(author.Id, edit.Actor);
    }

    [Fact]
    public async Task Without_a_mask_all_four_fields_are_replaced_and_validated()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(tags: ["a"]);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = "Only a title" })));
        Assert.Equal(["idea.category"], error.ViolatedFields());

        var replaced = await service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = "T", Category = "other" }));
        Assert.Equal(("T", "", "other"), (replaced.Title, replaced.Description, replaced.Category));
        Assert.Empty(replaced.Tags);
    }

    [Fact]
    public async Task Unknown_mask_paths_are_named()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync();

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(author).UpdateIdeaAsync(
            Update(new Idea { Name = created.Name, Title = "" }, "title", "state", "author")));

        Assert.Equal(["update_mask.paths[1]", "update_mask.paths[2]", "idea.title"], error.ViolatedFields());
    }

    [Fact]
    public async Task An_etag_of_another_shape_is_aborted_without_being_echoed()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(title: "First");
        var huge = new string('x', 300_000);

        var error = await Scenario.FailsWith(StatusCode.Aborted, service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = created.Name, Etag = huge }));

        // The message travels in a header: a 300 KB echo broke the gateway's relay of it.
        Assert.Equal("ETAG_MISMATCH", error.Reason());
        Assert.DoesNotContain("xxxx", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(created, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name }));
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_changes_nothing()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(title: "First");
        var current = await service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = "Second", Etag = created.Etag }, "title"));

        var error = await Scenario.FailsWith(StatusCode.Aborted, service.As(author).UpdateIdeaAsync(
            Update(new Idea { Name = created.Name, Title = "Third", Etag = created.Etag }, "title")));

        Assert.Equal("ETAG_MISMATCH", error.Reason());
        Assert.Equal(current, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name }));
        Assert.Equal(2, (await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = created.Name })).Events.Count);

        // A stale etag also stops workflow moves and deletion.
        await Scenario.FailsWith(StatusCode.Aborted, service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = created.Name, Etag = created.Etag }));
        await Scenario.FailsWith(StatusCode.Aborted, service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = created.Name, Etag = created.Etag }));
        Assert.Equal(current, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name }));
    }

    [Fact]
    public async Task Concurrent_updates_without_etag_are_all_applied_one_after_the_other()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync();
        const int writers = 8;

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = $"Title {i}" }, "title")).ResponseAsync));

        // Every write got a version of its own: none was overwritten unseen.
        Assert.Equal(writers, results.Select(idea => idea.Etag).Distinct().Count());
        var events = await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = created.Name });
        Assert.Equal(writers, events.Events.Count(e => e.Kind == IdeaEvent.Types.Kind.Edited));
        var final = await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name });
        Assert.Equal(results.MaxBy(idea => long.Parse(idea.Etag))!.Title, final.Title);
    }

    [Fact]
    public async Task Concurrent_updates_of_different_fields_keep_both()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(title: "T0", description: "D0");

        for (var round = 1; round <= 5; round++)
        {
            await Task.WhenAll(
                service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = $"T{round}" }, "title")).ResponseAsync,
                service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Description = $"D{round}" }, "description")).ResponseAsync,
                service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Tags = { $"r{round}" } }, "tags")).ResponseAsync);
        }

        var final = await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name });
        Assert.Equal(("T5", "D5", "r5"), (final.Title, final.Description, final.Tags.Single()));
        Assert.Equal("16", final.Etag);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_records_nothing()
    {
        var author = TestUser.Submitter();
        var created = await service.As(author).CreateAsync(title: "Same", tags: ["x"]);

        var same = await service.As(author).UpdateIdeaAsync(Update(new Idea { Name = created.Name, Title = " Same ", Tags = { "X" } }, "title", "tags"));

        Assert.Equal(created, same);
        Assert.Single((await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = created.Name })).Events);
    }

    [Theory]
    [InlineData(Idea.Types.State.Draft, true)]
    [InlineData(Idea.Types.State.Submitted, true)]
    [InlineData(Idea.Types.State.UnderReview, false)]
    [InlineData(Idea.Types.State.Approved, false)]
    [InlineData(Idea.Types.State.Rejected, false)]
    [InlineData(Idea.Types.State.Implemented, false)]
    [InlineData(Idea.Types.State.Withdrawn, false)]
    public async Task Authors_edit_drafts_and_submitted_ideas_only(Idea.Types.State state, bool editable)
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, state);
        var call = service.As(author).UpdateIdeaAsync(Update(new Idea { Name = idea.Name, Title = "Edited" }, "title"));

        if (editable)
        {
            Assert.Equal("Edited", (await call).Title);
        }
        else
        {
            var error = await Scenario.FailsWith(StatusCode.FailedPrecondition, call);
            Assert.Contains(Scenario.ProtoName(state), error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("IDEA_NOT_EDITABLE", error.Reason());
        }
    }

    [Fact]
    public async Task Only_the_author_or_an_admin_may_edit()
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, Idea.Types.State.Submitted);

        var error = await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.Reviewer()).UpdateIdeaAsync(
            Update(new Idea { Name = idea.Name, Title = "Hijacked" }, "title")));
        Assert.Equal("AUTHOR_ONLY", error.Reason());
        await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.Submitter()).UpdateIdeaAsync(
            Update(new Idea { Name = idea.Name, Title = "Hijacked" }, "title")));

        var moderated = await service.As(TestUser.Admin()).UpdateIdeaAsync(Update(new Idea { Name = idea.Name, Title = "Moderated" }, "title"));
        Assert.Equal("Moderated", moderated.Title);
        Assert.Equal(author.Id, moderated.Author);
    }
}
