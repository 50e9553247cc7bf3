using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Events;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Validation;
using Ideation.Messaging;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    public override async Task<Empty> DeleteIdea(DeleteIdeaRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var id = IdeaNames.Parse(request.Name, "name", violations) ?? throw violations.ToException();

        return await ChangeAsync(id, request.Etag, async () =>
        {
            var idea = await LoadVisibleAsync(id, caller, context.CancellationToken);
            caller.RequireAuthorOrAdmin(idea, "delete");
            RequireCurrentEtag(idea, request.Etag);
            if (!caller.IsAdmin && !IdeaWorkflow.CanAuthorDelete(idea.State))
            {
                throw RpcErrors.FailedPrecondition("IDEA_NOT_DELETABLE",
                    $"Idea '{request.Name}' is {idea.State.ProtoName()}; authors can delete only ideas in STATE_DRAFT (withdraw it instead).");
            }

            // The history goes with the idea (ON DELETE CASCADE): nothing is left to show it to. The
            // outbox row, committed with the deletion, tells documents to remove the idea's files.
            db.Ideas.Remove(idea);
            db.IdeaOutbox.Add(new IdeaOutboxRecord
            {
                EventType = IdeaEventTypes.Deleted,
                IdeaId = idea.Id,
                CreateTime = clock.GetUtcNow().UtcDateTime,
                TraceParent = MessageTracing.CurrentTraceParent(),
            });
            await CommitAsync(idea, context.CancellationToken);
            logger.IdeaDeleted(idea.Id, caller.UserId);
            return new Empty();
        }, context.CancellationToken);
    }
}
