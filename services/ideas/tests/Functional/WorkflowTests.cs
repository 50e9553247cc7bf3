using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

public sealed class WorkflowTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    public enum Move
    {
        Submit,
        StartReview,
        Approve,
        Reject,
        Implement,
        Withdraw,
    }

    private static readonly HashSet<(State, Move)> Allowed =
    [
        (State.Draft, Move.Submit),
        (State.Submitted, Move.StartReview),
        (State.UnderReview, Move.Approve),
        (State.UnderReview, Move.Reject),
        (State.Approved, Move.Implement),
        (State.Draft, Move.Withdraw),
        (State.Submitted, Move.Withdraw),
        (State.UnderReview, Move.Withdraw),
    ];

    public static TheoryData<State, Move> RefusedMoves()
    {
        var data = new TheoryData<State, Move>();
        foreach (var state in Enum.GetValues<State>().Where(state => state != State.Unspecified))
        {
            foreach (var move in Enum.GetValues<Move>().Where(move => !Allowed.Contains((state, move))))
            {
                data.Add(state, move);
            }
        }

        return data;
    }

    private static bool IsReviewerMove(Move move) => move is Move.StartReview or Move.Approve or Move.Reject or Move.Implement;

    private static AsyncUnaryCall<Idea> Make(IdeaService.IdeaServiceClient client, Move move, string name, string reason = "", string etag = "") => move switch
    {
        Move.Submit => client.SubmitIdeaAsync(new SubmitIdeaRequest { Name = name, Etag = etag }),
        Move.StartReview => client.StartReviewAsync(new StartReviewRequest { Name = name, Etag = etag }),
        Move.Approve => client.ApproveIdeaAsync(new ApproveIdeaRequest { Name = name, Etag = etag, Reason = reason }),
        Move.Reject => client.RejectIdeaAsync(new RejectIdeaRequest { Name = name, Etag = etag, Reason = reason.Length > 0 ? reason : "Not now" }),
        Move.Implement => client.ImplementIdeaAsync(new ImplementIdeaRequest { Name = name, Etag = etag }),
        _ => client.WithdrawIdeaAsync(new WithdrawIdeaRequest { Name = name, Etag = etag, Reason = reason }),
    };

    [Fact]
    public async Task An_idea_goes_from_draft_to_implemented()
    {
        var author = TestUser.Submitter();
        var reviewer = TestUser.Reviewer();
        var draft = await service.As(author).CreateAsync();

        var submitted = await Make(service.As(author), Move.Submit, draft.Name, etag: draft.Etag);
        Assert.Equal(State.Submitted, submitted.State);
        Assert.NotNull(submitted.SubmitTime);
        Assert.Equal(submitted.UpdateTime, submitted.SubmitTime);

        var reviewing = await Make(service.As(reviewer), Move.StartReview, draft.Name, etag: submitted.Etag);
        Assert.Equal(State.UnderReview, reviewing.State);
        Assert.Equal(submitted.SubmitTime, reviewing.SubmitTime);

        var approved = await Make(service.As(reviewer), Move.Approve, draft.Name, reason: "  Cheap and popular ");
        Assert.Equal(State.Approved, approved.State);
        Assert.Equal("Cheap and popular", approved.DecisionReason);

        var implemented = await Make(service.As(reviewer), Move.Implement, draft.Name);
        Assert.Equal(State.Implemented, implemented.State);
        Assert.Equal("Cheap and popular", implemented.DecisionReason);
        Assert.Equal(implemented, await service.As(TestUser.Submitter()).GetIdeaAsync(new GetIdeaRequest { Name = draft.Name }));
    }

    [Fact]
    public async Task Approval_without_a_reason_leaves_the_decision_reason_empty()
    {
        var idea = await Scenario.InStateAsync(service, TestUser.Submitter(), State.UnderReview);
        var approved = await Make(service.As(TestUser.Reviewer()), Move.Approve, idea.Name);
        Assert.Equal("", approved.DecisionReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejection_needs_a_reason(string reason)
    {
        var idea = await Scenario.InStateAsync(service, TestUser.Submitter(), State.UnderReview);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.As(TestUser.Reviewer()).RejectIdeaAsync(new RejectIdeaRequest { Name = idea.Name, Reason = reason }));

        Assert.Equal(["reason"], error.ViolatedFields());
        var rejected = await service.As(TestUser.Reviewer()).RejectIdeaAsync(new RejectIdeaRequest { Name = idea.Name, Reason = "Roof is leased" });
        Assert.Equal((State.Rejected, "Roof is leased"), (rejected.State, rejected.DecisionReason));
    }

    [Fact]
    public async Task Reasons_longer_than_2000_characters_are_refused()
    {
        var idea = await Scenario.InStateAsync(service, TestUser.Submitter(), State.UnderReview);
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            Make(service.As(TestUser.Reviewer()), Move.Approve, idea.Name, reason: new string('r', 2_001)));
        Assert.Equal(["reason"], error.ViolatedFields());
    }

    [Theory]
    [InlineData(State.Draft)]
    [InlineData(State.Submitted)]
    [InlineData(State.UnderReview)]
    public async Task Authors_may_withdraw_until_a_decision(State state)
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, state);

        var withdrawn = await Make(service.As(author), Move.Withdraw, idea.Name, reason: "Found a better way");

        Assert.Equal(State.Withdrawn, withdrawn.State);
        var history = await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name });
        Assert.Equal((state, State.Withdrawn, "Found a better way"), (history.Events[^1].FromState, history.Events[^1].ToState, history.Events[^1].Reason));
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public async Task Moves_outside_the_workflow_fail_naming_the_current_state(State state, Move move)
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, state);
        // Admins hold the reviewer role and see drafts, so only the state can refuse the move.
        var caller = IsReviewerMove(move) ? TestUser.Admin() : author;

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition, Make(service.As(caller), move, idea.Name));

        Assert.Contains(Scenario.ProtoName(state), error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("INVALID_STATE_TRANSITION", error.Reason());
        Assert.Equal(idea, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = idea.Name }));
    }

    [Theory]
    [InlineData(Move.StartReview, State.Submitted)]
    [InlineData(Move.Approve, State.UnderReview)]
    [InlineData(Move.Reject, State.UnderReview)]
    [InlineData(Move.Implement, State.Approved)]
    public async Task Submitters_attempting_reviewer_moves_are_denied(Move move, State state)
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, state);

        foreach (var submitter in new[] { author, TestUser.Submitter() })
        {
            var error = await Scenario.FailsWith(StatusCode.PermissionDenied, Make(service.As(submitter), move, idea.Name));
            Assert.Equal("REVIEWER_ROLE_REQUIRED", error.Reason());
        }
    }

    [Theory]
    [InlineData(Move.Submit, State.Draft)]
    [InlineData(Move.Withdraw, State.Submitted)]
    public async Task Only_the_author_or_an_admin_submits_and_withdraws(Move move, State state)
    {
        var author = TestUser.Submitter();
        var idea = await Scenario.InStateAsync(service, author, state);
        if (state != State.Draft)
        {
            var error = await Scenario.FailsWith(StatusCode.PermissionDenied, Make(service.As(TestUser.Reviewer()), move, idea.Name));
            Assert.Equal("AUTHOR_ONLY", error.Reason());
            await Scenario.FailsWith(StatusCode.PermissionDenied, Make(service.As(TestUser.Submitter()), move, idea.Name));
        }

        Assert.NotEqual(state, (await Make(service.As(TestUser.Admin()), move, idea.Name)).State);
    }

    [Fact]
    public async Task Authors_delete_their_drafts()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();

        await service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name, Etag = idea.Etag });

        await Scenario.FailsWith(StatusCode.NotFound, service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = idea.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name }));
        await Scenario.FailsWith(StatusCode.NotFound, service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name }));
    }

    [Fact]
    public async Task Authors_cannot_delete_what_they_submitted_but_admins_can_delete_anything()
    {
        var author = TestUser.Submitter();
        var submitted = await Scenario.InStateAsync(service, author, State.Submitted);
        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition, service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = submitted.Name }));
        Assert.Contains("STATE_SUBMITTED", error.Status.Detail, StringComparison.Ordinal);

        var reviewerError = await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.Reviewer()).DeleteIdeaAsync(new DeleteIdeaRequest { Name = submitted.Name }));
        Assert.Equal("AUTHOR_ONLY", reviewerError.Reason());

        var approved = await Scenario.InStateAsync(service, author, State.Approved);
        await service.As(TestUser.Admin()).DeleteIdeaAsync(new DeleteIdeaRequest { Name = approved.Name });
        await Scenario.FailsWith(StatusCode.NotFound, service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = approved.Name }));
    }
}
