using Ideation.Documents.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.IdeaEvents;

/// <summary>Removes what documents keeps for a deleted idea: its rows at once, its objects through cleanup rows.</summary>
public sealed class IdeaDeletions(DocumentsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// One transaction: a cleanup row (due now) for every stored object of the idea's documents, then
    /// the documents themselves (their outbox rows go with them). Idempotent: a repeated event finds
    /// nothing left. Returns how many documents were removed.
    /// </summary>
    public async Task<int> RemoveDocumentsOfAsync(Guid ideaId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var objects = await db.Documents
            .Where(document => document.IdeaId == ideaId && document.ObjectPurgeTime == null)
            .Select(document => new { document.Bucket, document.ObjectKey })
            .ToListAsync(cancellationToken);
        db.ObjectCleanups.AddRange(objects.Select(stored => new ObjectCleanupRecord { Bucket = stored.Bucket, ObjectKey = stored.ObjectKey, DueTime = now }));
        await db.SaveChangesAsync(cancellationToken);
        var removed = await db.Documents.Where(document => document.IdeaId == ideaId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}
