using Ideation.Ideas.Domain;

namespace Ideation.Ideas.Tests.Unit;

public sealed class IdeaWorkflowTests
{
    /// <summary>Every allowed move of the workflow, and nothing else.</summary>
    public static TheoryData<IdeaState, IdeaAction, IdeaState> AllowedMoves => new()
    {
        { IdeaState.Draft, IdeaAction.Submit, IdeaState.Submitted },
        { IdeaState.Submitted, IdeaAction.StartReview, IdeaState.UnderReview },
        { IdeaState.UnderReview, IdeaAction.Approve, IdeaState.Approved },
        { IdeaState.UnderReview, IdeaAction.Reject, IdeaState.Rejected },
        { IdeaState.Approved, IdeaAction.Implement, IdeaState.Implemented },
        { IdeaState.Draft, IdeaAction.Withdraw, IdeaState.Withdrawn },
        { IdeaState.Submitted, IdeaAction.Withdraw, IdeaState.Withdrawn },
        { IdeaState.UnderReview, IdeaAction.Withdraw, IdeaState.Withdrawn },
    };

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Allowed_moves_lead_to_their_state(IdeaState from, IdeaAction action, IdeaState expected)
    {
        Assert.True(IdeaWorkflow.TryMove(from, action, out var to));
        Assert.Equal(expected, to);
    }

    [Fact]
    public void Every_other_move_is_refused_and_leaves_the_state_alone()
    {
        var allowed = AllowedMoves.Select(row => ((IdeaState)row[0], (IdeaAction)row[1])).ToHashSet();
        var refused = 0;
        foreach (var state in Enum.GetValues<IdeaState>())
        {
            foreach (var action in Enum.GetValues<IdeaAction>().Where(action => !allowed.Contains((state, action))))
            {
                Assert.False(IdeaWorkflow.TryMove(state, action, out var to), $"{action} from {state}");
                Assert.Equal(state, to);
                refused++;
            }
        }

        Assert.Equal(7 * 6 - 8, refused);
    }

    [Theory]
    [InlineData(IdeaState.Rejected, true)]
    [InlineData(IdeaState.Implemented, true)]
    [InlineData(IdeaState.Withdrawn, true)]
    [InlineData(IdeaState.Draft, false)]
    [InlineData(IdeaState.Submitted, false)]
    [InlineData(IdeaState.UnderReview, false)]
    [InlineData(IdeaState.Approved, false)]
    public void Rejected_implemented_and_withdrawn_are_final(IdeaState state, bool final) =>
        Assert.Equal(final, IdeaWorkflow.IsFinal(state));

    [Theory]
    [InlineData(IdeaAction.Submit, IdeaActor.Author)]
    [InlineData(IdeaAction.Withdraw, IdeaActor.Author)]
    [InlineData(IdeaAction.StartReview, IdeaActor.Reviewer)]
    [InlineData(IdeaAction.Approve, IdeaActor.Reviewer)]
    [InlineData(IdeaAction.Reject, IdeaActor.Reviewer)]
    [InlineData(IdeaAction.Implement, IdeaActor.Reviewer)]
    public void Authors_submit_and_withdraw_reviewers_do_the_rest(IdeaAction action, IdeaActor actor) =>
        Assert.Equal(actor, IdeaWorkflow.ActorOf(action));

    [Fact]
    public void Content_is_editable_only_as_draft_or_submitted()
    {
        var editable = Enum.GetValues<IdeaState>().Where(IdeaWorkflow.CanEditContent);
        Assert.Equal([IdeaState.Draft, IdeaState.Submitted], editable);
    }

    [Fact]
    public void Authors_delete_only_drafts()
    {
        var deletable = Enum.GetValues<IdeaState>().Where(IdeaWorkflow.CanAuthorDelete);
        Assert.Equal([IdeaState.Draft], deletable);
    }
}
