using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    public override async Task<Idea> UpdateIdea(UpdateIdeaRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var input = request.Idea ?? new Idea();
        var violations = new FieldViolations();
        var id = IdeaNames.Parse(input.Name, "idea.name", violations);
        var fields = UpdateMask.Parse(request.UpdateMask, violations);
        var content = validator.Validate(input.ToContent(), fields, violations);
        if (id is null)
        {
            throw violations.ToException();
        }

        return await ChangeAsync(id.Value, input.Etag, async () =>
        {
            var idea = await LoadVisibleAsync(id.Value, caller, context.CancellationToken);
            caller.RequireAuthorOrAdmin(idea, "edit");
            violations.ThrowIfAny();
            RequireCurrentEtag(idea, input.Etag);
            if (!IdeaWorkflow.CanEditContent(idea.State))
            {
                throw RpcErrors.FailedPrecondition("IDEA_NOT_EDITABLE",
                    $"Idea '{input.Name}' is {idea.State.ProtoName()}; only ideas in STATE_DRAFT or STATE_SUBMITTED can be edited.");
            }

            var changed = Apply(idea, content, fields);
            if (changed.Count > 0)
            {
                Record(idea, caller, IdeaEventKind.Edited, idea.State, reason: null, changed, Now());
                await CommitAsync(idea, context.CancellationToken);
                logger.IdeaEdited(idea.Id, caller.UserId, string.Join(",", changed));
            }

            return idea.ToProto();
        }, context.CancellationToken);
    }

    /// <summary>Copies the masked fields and returns the proto names of those whose value really changed.</summary>
    private static List<string> Apply(IdeaRecord idea, IdeaContent content, ContentFields fields)
    {
        var changed = ContentFields.None;
        if (fields.HasFlag(ContentFields.Title) && idea.Title != content.Title)
        {
            idea.Title = content.Title;
            changed |= ContentFields.Title;
        }

        if (fields.HasFlag(ContentFields.Description) && idea.Description != content.Description)
        {
            idea.Description = content.Description;
            changed |= ContentFields.Description;
        }

        if (fields.HasFlag(ContentFields.Category) && idea.Category != content.Category)
        {
            idea.Category = content.Category;
            changed |= ContentFields.Category;
        }

        if (fields.HasFlag(ContentFields.Tags) && !idea.Tags.SequenceEqual(content.Tags))
        {
            idea.Tags = content.Tags.ToList();
            changed |= ContentFields.Tags;
        }

        return UpdateMask.Names(changed);
    }
}
