using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Metrics;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    public override async Task<Idea> CreateIdea(CreateIdeaRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        caller.RequireSubmitter();

        var violations = new FieldViolations();
        var content = validator.Validate((request.Idea ?? new Idea()).ToContent(), ContentFields.All, violations);
        IdeaValidator.ValidateRequestId(request.RequestId, "request_id", violations);
        violations.ThrowIfAny();

        var requestId = request.RequestId.Length > 0 ? request.RequestId : null;
        if (requestId is not null && await FindByRequestIdAsync(caller, requestId, context.CancellationToken) is { } earlier)
        {
            return earlier.ToProto();
        }

        var now = Now();
        var idea = new IdeaRecord
        {
            // Version 4 UUIDs from a cryptographic generator: names cannot be guessed to probe for drafts.
            Id = Guid.NewGuid(),
            Title = content.Title,
            Description = content.Description,
            Category = content.Category,
            Tags = content.Tags.ToList(),
            State = IdeaState.Draft,
            Author = caller.UserId,
            AuthorDisplayName = caller.DisplayName,
            CreateTime = now,
            UpdateTime = now,
            RequestId = requestId,
            Version = 1,
        };
        db.Ideas.Add(idea);
        db.IdeaEvents.Add(new IdeaEventRecord
        {
            IdeaId = idea.Id,
            Sequence = idea.Version,
            Kind = IdeaEventKind.Created,
            Actor = caller.UserId,
            ActorDisplayName = caller.DisplayName,
            CreateTime = now,
            ToState = IdeaState.Draft,
        });

        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException exception) when (requestId is not null && exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: IdeasDbContext.RequestIdIndex,
        })
        {
            // A concurrent retry of the same request committed first: its idea is the answer.
            db.ChangeTracker.Clear();
            var winner = await FindByRequestIdAsync(caller, requestId, context.CancellationToken);
            return winner?.ToProto() ?? throw new InvalidOperationException("The unique index reported an idea that cannot be read.", exception);
        }

        logger.IdeaCreated(idea.Id, caller.UserId);
        IdeaMetrics.IdeaCreated();
        return idea.ToProto();
    }

    private async Task<IdeaRecord?> FindByRequestIdAsync(Caller caller, string requestId, CancellationToken cancellationToken)
    {
        var idea = await db.Ideas.AsNoTracking()
            .Where(idea => idea.Author == caller.UserId && idea.RequestId == requestId)
            .SelectReadable()
            .SingleOrDefaultAsync(cancellationToken);
        if (idea is not null)
        {
            logger.CreateReplayed(requestId, caller.UserId, idea.Id);
        }

        return idea;
    }
}
