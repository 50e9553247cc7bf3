using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Metrics;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Ideas.Api;

// The custom methods: each one is a move of IdeaWorkflow.
public sealed partial class IdeaGrpcService
{
    private enum ReasonRule
    {
        NotAsked,
        Optional,
        Required,
    }

    public override Task<Idea> SubmitIdea(SubmitIdeaRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.Submit, request.Name, request.Etag, "", ReasonRule.NotAsked, context);

    public override Task<Idea> StartReview(StartReviewRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.StartReview, request.Name, request.Etag, "", ReasonRule.NotAsked, context);

    public override Task<Idea> ApproveIdea(ApproveIdeaRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.Approve, request.Name, request.Etag, request.Reason, ReasonRule.Optional, context);

    public override Task<Idea> RejectIdea(RejectIdeaRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.Reject, request.Name, request.Etag, request.Reason, ReasonRule.Required, context);

    public override Task<Idea> ImplementIdea(ImplementIdeaRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.Implement, request.Name, request.Etag, "", ReasonRule.NotAsked, context);

    public override Task<Idea> WithdrawIdea(WithdrawIdeaRequest request, ServerCallContext context) =>
        MoveAsync(IdeaAction.Withdraw, request.Name, request.Etag, request.Reason, ReasonRule.Optional, context);

    private async Task<Idea> MoveAsync(IdeaAction action, string name, string etag, string reasonText, ReasonRule reasonRule, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var id = IdeaNames.Parse(name, "name", violations);
        var reason = reasonRule == ReasonRule.NotAsked
            ? null
            : IdeaValidator.ValidateReason(reasonText, reasonRule == ReasonRule.Required, "reason", violations);
        if (id is null)
        {
            throw violations.ToException();
        }

        return await ChangeAsync(id.Value, etag, async () =>
        {
            var idea = await LoadVisibleAsync(id.Value, caller, context.CancellationToken);
            if (IdeaWorkflow.ActorOf(action) == IdeaActor.Author)
            {
                caller.RequireAuthorOrAdmin(idea, Verb(action));
            }
            else
            {
                caller.RequireReviewer(Verb(action));
            }

            violations.ThrowIfAny();
            RequireCurrentEtag(idea, etag);
            var from = idea.State;
            if (!IdeaWorkflow.TryMove(from, action, out var to))
            {
                var allowed = string.Join(" or ", IdeaWorkflow.StatesAllowing(action).Select(state => state.ProtoName()));
                throw RpcErrors.FailedPrecondition("INVALID_STATE_TRANSITION",
                    $"Idea '{name}' is {from.ProtoName()}; only an idea in {allowed} can be {PastParticiple(action)}.");
            }

            var enteredFrom = await StateEnteredAsync(idea, context.CancellationToken);
            idea.State = to;
            var now = Now();
            if (action == IdeaAction.Submit)
            {
                idea.SubmitTime = now;
            }

            if (action is IdeaAction.Approve or IdeaAction.Reject)
            {
                idea.DecisionReason = reason;
            }

            Record(idea, caller, IdeaEventKind.StateChanged, from, reason, [], now);
            await CommitAsync(idea, context.CancellationToken);
            logger.IdeaMoved(idea.Id, from.ProtoName(), to.ProtoName(), caller.UserId);
            IdeaMetrics.IdeaMoved(from, to, enteredFrom, now);
            return idea.ToProto();
        }, context.CancellationToken);
    }

    /// <summary>
    /// When the idea entered its current state: the newest history entry that created it or moved
    /// it (edits leave the state as it is). Read through the history's primary key.
    /// </summary>
    private Task<DateTime> StateEnteredAsync(IdeaRecord idea, CancellationToken cancellationToken) =>
        db.IdeaEvents.AsNoTracking()
            .Where(entry => entry.IdeaId == idea.Id && entry.Kind != IdeaEventKind.Edited)
            .OrderByDescending(entry => entry.Sequence)
            .Select(entry => entry.CreateTime)
            .FirstAsync(cancellationToken);

    private static string Verb(IdeaAction action) => action switch
    {
        IdeaAction.Submit => "submit",
        IdeaAction.StartReview => "start reviewing",
        IdeaAction.Approve => "approve",
        IdeaAction.Reject => "reject",
        IdeaAction.Implement => "mark as implemented",
        _ => "withdraw",
    };

    private static string PastParticiple(IdeaAction action) => action switch
    {
        IdeaAction.Submit => "submitted",
        IdeaAction.StartReview => "taken into review",
        IdeaAction.Approve => "approved",
        IdeaAction.Reject => "rejected",
        IdeaAction.Implement => "marked as implemented",
        _ => "withdrawn",
    };
}
