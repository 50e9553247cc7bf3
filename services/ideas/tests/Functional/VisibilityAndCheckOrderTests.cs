using Ideation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// Drafts are private, and answers come in a fixed order (NOT_FOUND, PERMISSION_DENIED,
/// INVALID_ARGUMENT, ABORTED, FAILED_PRECONDITION) so that no answer reveals more than the caller may know.
/// </summary>
public sealed class VisibilityAndCheckOrderTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task Someone_elses_draft_is_not_found_everywhere_even_for_reviewers()
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var tag = Scenario.UniqueTag();
        var draft = await service.As(author).CreateAsync(title: $"Private {word} plan", description: word, tags: [tag]);
        var missing = $"ideas/{Guid.NewGuid()}";

        foreach (var other in new[] { TestUser.Submitter(), TestUser.Reviewer(), TestUser.WithRoles("both", "submitter", "reviewer") })
        {
            var client = service.As(other);
            var hidden = await Scenario.FailsWith(StatusCode.NotFound, client.GetIdeaAsync(new GetIdeaRequest { Name = draft.Name }));
            var absent = await Scenario.FailsWith(StatusCode.NotFound, client.GetIdeaAsync(new GetIdeaRequest { Name = missing }));
            // Exactly the answer a missing idea gets: nothing hints that the draft exists.
            Assert.Equal(absent.Status.Detail.Replace(missing, "X"), hidden.Status.Detail.Replace(draft.Name, "X"));
            Assert.Equal(absent.Reason(), hidden.Reason());

            await Scenario.FailsWith(StatusCode.NotFound, client.UpdateIdeaAsync(new UpdateIdeaRequest { Idea = new Idea { Name = draft.Name, Title = "x", Category = "other" } }));
            await Scenario.FailsWith(StatusCode.NotFound, client.DeleteIdeaAsync(new DeleteIdeaRequest { Name = draft.Name }));
            await Scenario.FailsWith(StatusCode.NotFound, client.SubmitIdeaAsync(new SubmitIdeaRequest { Name = draft.Name }));
            await Scenario.FailsWith(StatusCode.NotFound, client.WithdrawIdeaAsync(new WithdrawIdeaRequest { Name = draft.Name }));
            await Scenario.FailsWith(StatusCode.NotFound, client.StartReviewAsync(new StartReviewRequest { Name = draft.Name }));
            await Scenario.FailsWith(StatusCode.NotFound, client.RejectIdeaAsync(new RejectIdeaRequest { Name = draft.Name }));
            await Scenario.FailsWith(StatusCode.NotFound, client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = draft.Name }));

            Assert.Empty((await client.ListIdeasAsync(new ListIdeasRequest { Tag = tag })).Ideas);
            Assert.Empty((await client.ListIdeasAsync(new ListIdeasRequest { Author = author.Id })).Ideas);
            Assert.Empty((await client.ListIdeasAsync(new ListIdeasRequest { Query = word })).Ideas);
            Assert.Empty((await client.ListIdeasAsync(new ListIdeasRequest { Tag = tag, State = State.Draft })).Ideas);
            Assert.Empty((await client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = $"Private {word} plan" })).SimilarIdeas);
        }
    }

    [Fact]
    public async Task Authors_and_admins_see_drafts()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        var draft = await service.As(author).CreateAsync(tags: [tag]);

        Assert.Equal(draft, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = draft.Name }));
        Assert.Equal(draft, await service.As(TestUser.Admin()).GetIdeaAsync(new GetIdeaRequest { Name = draft.Name }));
        Assert.Equal([draft], (await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag })).Ideas);
        Assert.Equal([draft], (await service.As(TestUser.Admin()).ListIdeasAsync(new ListIdeasRequest { Tag = tag })).Ideas);
        Assert.Single((await service.As(TestUser.Admin()).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = draft.Name })).Events);
    }

    [Fact]
    public async Task Submitted_ideas_are_visible_to_every_signed_in_user()
    {
        var idea = await Scenario.InStateAsync(service, TestUser.Submitter(), State.Submitted);
        Assert.Equal(idea, await service.As(TestUser.WithRoles("reader")).GetIdeaAsync(new GetIdeaRequest { Name = idea.Name }));
    }

    [Fact]
    public async Task Not_found_comes_before_permission_denied_and_invalid_argument()
    {
        var draft = await service.As(TestUser.Submitter()).CreateAsync();

        // A submitter may not start reviews at all, but for a draft it cannot see, it learns only NOT_FOUND.
        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Submitter()).StartReviewAsync(new StartReviewRequest { Name = draft.Name }));
        // A missing reason would be INVALID_ARGUMENT, and a stale etag ABORTED: the invisible draft still wins.
        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Reviewer()).RejectIdeaAsync(
            new RejectIdeaRequest { Name = draft.Name, Reason = "", Etag = "stale" }));
        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Submitter()).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = draft.Name, Title = "", Etag = "stale" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));
    }

    [Fact]
    public async Task Permission_denied_comes_before_invalid_argument_aborted_and_failed_precondition()
    {
        var approved = await Scenario.InStateAsync(service, TestUser.Submitter(), State.Approved);

        // Not the author; the title is invalid, the etag stale and the state final for edits: PERMISSION_DENIED first.
        await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.Submitter()).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = approved.Name, Title = "", Etag = "stale" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));
        // Not a reviewer; the reason is missing, the etag stale and the idea not under review.
        await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.Submitter()).RejectIdeaAsync(
            new RejectIdeaRequest { Name = approved.Name, Reason = "", Etag = "stale" }));
    }

    [Fact]
    public async Task Invalid_argument_comes_before_aborted_and_failed_precondition()
    {
        var author = TestUser.Submitter();
        var approved = await Scenario.InStateAsync(service, author, State.Approved);

        var update = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = approved.Name, Title = "", Etag = "stale" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));
        Assert.Equal(["idea.title"], update.ViolatedFields());

        var reject = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Reviewer()).RejectIdeaAsync(
            new RejectIdeaRequest { Name = approved.Name, Reason = " ", Etag = "stale" }));
        Assert.Equal(["reason"], reject.ViolatedFields());
    }

    [Fact]
    public async Task Aborted_comes_before_failed_precondition()
    {
        var author = TestUser.Submitter();
        var approved = await Scenario.InStateAsync(service, author, State.Approved);
        var reviewer = service.As(TestUser.Reviewer());

        await Scenario.FailsWith(StatusCode.Aborted, service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = approved.Name, Title = "Late edit", Etag = "1" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));
        await Scenario.FailsWith(StatusCode.Aborted, reviewer.StartReviewAsync(new StartReviewRequest { Name = approved.Name, Etag = "1" }));

        // With the current etag (or none), the state decides.
        await Scenario.FailsWith(StatusCode.FailedPrecondition, service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = approved.Name, Title = "Late edit", Etag = approved.Etag },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));
        await Scenario.FailsWith(StatusCode.FailedPrecondition, reviewer.StartReviewAsync(new StartReviewRequest { Name = approved.Name }));
    }

    [Fact]
    public async Task Malformed_names_are_invalid_arguments_together_with_every_other_bad_field()
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Reviewer()).RejectIdeaAsync(
            new RejectIdeaRequest { Name = "ideas/not-a-uuid", Reason = "" }));
        Assert.Equal(["name", "reason"], error.ViolatedFields());

        var update = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).UpdateIdeaAsync(
            new UpdateIdeaRequest { Idea = new Idea { Name = "ideas/1", Title = "" }, UpdateMask = new FieldMask { Paths = { "title" } } }));
        Assert.Equal(["idea.name", "idea.title"], update.ViolatedFields());

        var events = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).ListIdeaEventsAsync(
            new ListIdeaEventsRequest { Parent = "ideas/x", PageSize = -1 }));
        Assert.Equal(["parent", "page_size"], events.ViolatedFields());
    }
}
