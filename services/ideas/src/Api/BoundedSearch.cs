using Ideation.Ideas.Configuration;
using Ideation.Ideas.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Ideation.Ideas.Api;

/// <summary>
/// Full-text search pages whose cost does not hang on PostgreSQL's estimate of a word's frequency.
/// Left to the planner, newest-first search of a word it believes frequent (any word outside the
/// lexemes it tracks) walks the time index backwards until a page of matches turns up: for a word
/// in 9 of a million ideas that is the whole table. Here each page walks a bounded number of the
/// newest rows first (cheap for frequent words), and only when they hold too few matches collects
/// the matches through the GIN index (cheap for rare words, since then they are few).
/// </summary>
internal static class BoundedSearch
{
    /// <summary>
    /// Parses the user's query once per request (websearch_to_tsquery) and returns it for use as a
    /// parameter: inside a prepared statement's generic plan the call would run again for every row
    /// filtered or ranked. Null when nothing is left to match (a query of stop words only).
    /// </summary>
    public static async Task<NpgsqlTsQuery?> ParseAsync(IdeasDbContext db, string text, CancellationToken cancellationToken)
    {
        var parsed = await db.Database
            .SqlQueryRaw<NpgsqlTsQuery>(
                $"SELECT websearch_to_tsquery('{IdeasDbContext.TextSearchConfiguration}', @query) AS \"Value\"", new NpgsqlParameter("query", text))
            .SingleAsync(cancellationToken);
        return parsed.Kind == NpgsqlTsQuery.NodeKind.Empty ? null : parsed;
    }

    public static IQueryable<IdeaRecord> Matching(this IQueryable<IdeaRecord> ideas, NpgsqlTsQuery query) =>
        ideas.Where(idea => EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector).Matches(query));

    /// <summary>The newest <paramref name="take"/> matches in <paramref name="order"/> (already after the page token).</summary>
    public static async Task<List<IdeaRecord>> NewestMatchesAsync(
        IQueryable<IdeaRecord> ideas, NpgsqlTsQuery query, TimeOrder order, int take, SearchOptions bounds, CancellationToken cancellationToken)
    {
        var page = await order.NewestFirst(InNewestRows(ideas, query, order, bounds.ScannedRows)).Take(take)
            .SelectReadable().ToListAsync(cancellationToken);
        if (page.Count == take)
        {
            return page;
        }

        // Fewer matches than a page among the newest rows: the word is rare there, or the rows ran
        // out (then the matches below the page token are fewer than a page). Either way few.
        return await order.NewestFirst(ThroughSearchIndex(ideas, query)).Take(take).SelectReadable().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The matches relevance order ranks: the newest <see cref="SearchOptions.RankedMatches"/> by
    /// create_time. One bounded statement decides where they are, a second is their query.
    /// </summary>
    public static async Task<IQueryable<IdeaRecord>> RankedCandidatesAsync(
        IQueryable<IdeaRecord> ideas, NpgsqlTsQuery query, SearchOptions bounds, CancellationToken cancellationToken)
    {
        var order = TimeOrder.CreateTime;
        var recent = order.NewestFirst(InNewestRows(ideas, query, order, bounds.RankedScannedRows));
        var enoughInRecentRows = await recent.Skip(bounds.RankedMatches - 1).Select(idea => idea.Id).AnyAsync(cancellationToken);
        var candidates = enoughInRecentRows ? recent : order.NewestFirst(ThroughSearchIndex(ideas, query));
        return candidates.Take(bounds.RankedMatches);
    }

    /// <summary>
    /// The newest <paramref name="rows"/> rows through the order's B-tree, then the search filter on
    /// them: the LIMIT inside keeps the walk bounded whatever the planner expects of the word.
    /// </summary>
    private static IQueryable<IdeaRecord> InNewestRows(IQueryable<IdeaRecord> ideas, NpgsqlTsQuery query, TimeOrder order, int rows) =>
        order.NewestFirst(ideas).Take(rows).Matching(query);

    /// <summary>
    /// Every match, in no order, as a subquery with OFFSET: PostgreSQL plans it apart from the outer
    /// ORDER BY ... LIMIT, so it cannot choose the backward walk of the time index and reads the
    /// matches through the GIN index (a bitmap), to be sorted above.
    /// </summary>
    private static IQueryable<IdeaRecord> ThroughSearchIndex(IQueryable<IdeaRecord> ideas, NpgsqlTsQuery query)
    {
        // A variable, not a constant, so that the OFFSET stays in the SQL as a parameter.
        var noRows = 0;
        return ideas.Matching(query).Skip(noRows);
    }
}
