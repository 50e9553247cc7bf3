namespace Ideation.Ideas.Domain;

/// <summary>The moves of the review workflow, named as the API's custom methods.</summary>
public enum IdeaAction
{
    Submit,
    StartReview,
    Approve,
    Reject,
    Implement,
    Withdraw,
}

/// <summary>Who may make a move: the idea's author, or someone holding the reviewer role.</summary>
public enum IdeaActor
{
    Author,
    Reviewer,
}

/// <summary>
/// The whole review workflow as data: which move leads from which states to which state, and who
/// makes it. Pure, so that every rule is unit-tested without a database.
/// </summary>
public static class IdeaWorkflow
{
    private sealed record Move(IdeaActor Actor, IdeaState[] From, IdeaState To);

    private static readonly Dictionary<IdeaAction, Move> Moves = new()
    {
        [IdeaAction.Submit] = new(IdeaActor.Author, [IdeaState.Draft], IdeaState.Submitted),
        [IdeaAction.StartReview] = new(IdeaActor.Reviewer, [IdeaState.Submitted], IdeaState.UnderReview),
        [IdeaAction.Approve] = new(IdeaActor.Reviewer, [IdeaState.UnderReview], IdeaState.Approved),
        [IdeaAction.Reject] = new(IdeaActor.Reviewer, [IdeaState.UnderReview], IdeaState.Rejected),
        [IdeaAction.Implement] = new(IdeaActor.Reviewer, [IdeaState.Approved], IdeaState.Implemented),
        [IdeaAction.Withdraw] = new(IdeaActor.Author, [IdeaState.Draft, IdeaState.Submitted, IdeaState.UnderReview], IdeaState.Withdrawn),
    };

    public static IdeaActor ActorOf(IdeaAction action) => Moves[action].Actor;

    /// <summary>The states an action may start from, for error messages that say what would work.</summary>
    public static IReadOnlyList<IdeaState> StatesAllowing(IdeaAction action) => Moves[action].From;

    public static bool TryMove(IdeaState from, IdeaAction action, out IdeaState to)
    {
        var move = Moves[action];
        to = move.From.Contains(from) ? move.To : from;
        return move.From.Contains(from);
    }

    /// <summary>States no move leaves.</summary>
    public static bool IsFinal(IdeaState state) =>
        !Enum.GetValues<IdeaAction>().Any(action => TryMove(state, action, out _));

    /// <summary>Content may change until a reviewer picks the idea up; after that reviewers judge a fixed text.</summary>
    public static bool CanEditContent(IdeaState state) => state is IdeaState.Draft or IdeaState.Submitted;

    /// <summary>Authors may delete only what nobody else has seen; admins may delete at any state.</summary>
    public static bool CanAuthorDelete(IdeaState state) => state is IdeaState.Draft;
}
