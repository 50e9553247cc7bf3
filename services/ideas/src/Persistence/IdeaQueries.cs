using Microsoft.EntityFrameworkCore;

namespace Ideation.Ideas.Persistence;

/// <summary>
/// Queries on the hot path, compiled once: EF Core then skips, on every call, looking the LINQ tree
/// up in its query cache and extracting its parameters, which is most of its own cost on a
/// primary-key read (the reads benchmark, docs/performance.md).
/// </summary>
internal static class IdeaQueries
{
    /// <summary>GetIdea's read: one idea by primary key, every column but the search vector, untracked, whoever asks.</summary>
    public static readonly Func<IdeasDbContext, Guid, CancellationToken, Task<IdeaRecord?>> ById =
        EF.CompileAsyncQuery((IdeasDbContext db, Guid id, CancellationToken cancellationToken) =>
            db.Ideas.AsNoTracking().Where(idea => idea.Id == id).Select(IdeaColumns.Readable).SingleOrDefault());
}
