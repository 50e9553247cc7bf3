using Ideation.Documents.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Pipeline;

/// <summary>Row locks on documents, for decisions that must not interleave (two claims, two verdicts).</summary>
internal static class DocumentRows
{
    /// <summary>
    /// Reads and tracks a document under <c>SELECT ... FOR UPDATE</c> (inside the caller's
    /// transaction), or returns null when it does not exist or belongs to another idea.
    /// </summary>
    public static async Task<DocumentRecord?> LockAsync(this DbSet<DocumentRecord> documents, Guid ideaId, Guid documentId, CancellationToken cancellationToken)
    {
        // Not composed further (no Single in SQL): PostgreSQL takes the lock on exactly this statement.
        var rows = await documents
            .FromSql($"SELECT * FROM documents WHERE id = {documentId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault(document => document.IdeaId == ideaId);
    }
}
