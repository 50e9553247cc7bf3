using Ideation.Ideas.Caching;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Logging;
using Ideation.Ideas.Persistence;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ideation.Ideas.Api;

// The read-check-write cycle shared by every method that changes an existing idea.
public sealed partial class IdeaGrpcService
{
    /// <summary>Enough for a burst of writers on one idea; beyond that the client is told to retry later.</summary>
    private const int MaxAttempts = 10;

    /// <summary>
    /// Runs <paramref name="attempt"/> (load, check, change, save) under optimistic concurrency. When
    /// another writer got there first and the caller sent no etag, the attempt runs again on fresh
    /// data, with every check, so that no write is lost; with an etag, the etag is now stale: ABORTED.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Guid id, string etag, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await attempt();
            }
            catch (Exception exception) when (IsConcurrentChange(exception))
            {
                if (etag.Length > 0)
                {
                    throw StaleEtag(id, etag);
                }

                if (attemptNumber == MaxAttempts)
                {
                    throw RpcErrors.Aborted("CONCURRENT_MODIFICATION",
                        $"Idea '{IdeaNames.Format(id)}' is being changed by others right now; retry the request.");
                }

                logger.RetryingAfterConflict(id, attemptNumber);
                // A random pause spreads the writers out, so that they stop colliding in lockstep.
                await Task.Delay(Random.Shared.Next(1, 5 * attemptNumber), cancellationToken);
            }
        }
    }

    /// <summary>Loads an idea for a change, tracked; answers NOT_FOUND for ideas the caller must not know about.</summary>
    private async Task<IdeaRecord> LoadVisibleAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var idea = await db.Ideas.Where(idea => idea.Id == id).SelectReadable().SingleOrDefaultAsync(cancellationToken);
        if (idea is null || !caller.CanSee(idea))
        {
            throw NotFound(IdeaNames.Format(id));
        }

        // Tracked from here: SaveChanges writes only what changed, guarded by the version it was read at.
        db.Attach(idea);
        return idea;
    }

    /// <summary>
    /// Saves the change to <paramref name="idea"/> (one transaction with its history or outbox row),
    /// then invalidates the cached idea, whether or not the caller is still waiting: from here on no
    /// older version is served, or stored again by a reader that read it before the commit (see
    /// <see cref="IdeaCache"/>). Every change of an idea goes through here.
    /// </summary>
    private async Task CommitAsync(IdeaRecord idea, CancellationToken cancellationToken)
    {
        var deleted = db.Entry(idea).State == EntityState.Deleted;
        await db.SaveChangesAsync(cancellationToken);
        await (deleted ? cache.ForgetDeletedAsync(idea.Id) : cache.InvalidateAsync(idea.Id, idea.Version));
    }

    private static void RequireCurrentEtag(IdeaRecord idea, string etag)
    {
        if (etag.Length > 0 && etag != IdeaMapper.Etag(idea.Version))
        {
            throw StaleEtag(idea.Id, etag);
        }
    }

    /// <summary>
    /// The etag is quoted only when it has the shape of one (a version number): anything else the
    /// caller sent is not echoed, since the message travels in a response header and a huge value
    /// would exceed the header limits of whoever relays it (the gateway refused a 300 KB one).
    /// </summary>
    private static Grpc.Core.RpcException StaleEtag(Guid id, string etag) =>
        RpcErrors.Aborted("ETAG_MISMATCH", etag.Length <= MaxEtagLength && etag.All(char.IsAsciiDigit)
            ? $"Idea '{IdeaNames.Format(id)}' changed since etag '{etag}' was read; get it again, reapply the change and send the new etag."
            : $"Idea '{IdeaNames.Format(id)}': the etag sent is not one this service gave out; get the idea again and send its etag.");

    /// <summary>The digits of the largest version (long.MaxValue).</summary>
    private const int MaxEtagLength = 19;

    /// <summary>Bumps the version and appends the history entry, which SaveChanges writes in the same transaction.</summary>
    private void Record(IdeaRecord idea, Caller caller, IdeaEventKind kind, IdeaState? from, string? reason, List<string> changedFields, DateTime now)
    {
        idea.Version++;
        idea.UpdateTime = now;
        db.IdeaEvents.Add(new IdeaEventRecord
        {
            IdeaId = idea.Id,
            Sequence = idea.Version,
            Kind = kind,
            Actor = caller.UserId,
            ActorDisplayName = caller.DisplayName,
            CreateTime = now,
            FromState = from,
            ToState = idea.State,
            Reason = reason,
            ChangedFields = changedFields,
        });
    }

    /// <summary>
    /// Another writer changed or deleted the idea between our read and our write: the version check
    /// matched no row, or our history entry collided with theirs (same sequence) or lost its idea.
    /// </summary>
    private static bool IsConcurrentChange(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "idea_events" } } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation, TableName: "idea_events" } } => true,
        _ => false,
    };
}
