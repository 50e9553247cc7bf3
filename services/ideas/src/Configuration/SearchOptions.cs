namespace Ideation.Ideas.Configuration;

/// <summary>
/// What one search page may cost, whatever the words match. Section <c>Ideas:Search</c>. PostgreSQL
/// cannot read the matches of a text search in time order from one index (the GIN index knows
/// words, the B-tree knows time), and its estimate of how many rows a word matches is poor for rare
/// words, so the service chooses the way itself (Api/BoundedSearch.cs) with these bounds.
/// </summary>
public sealed class SearchOptions
{
    /// <summary>
    /// Newest-first search first walks at most this many of the newest rows (after the page token)
    /// through the time index and keeps the matches. A word in more than about one row in 400 fills
    /// a page of 25 there; a rarer one is collected through the GIN index instead, where its matches
    /// are few and cheap.
    /// </summary>
    public int ScannedRows { get; set; } = 10_000;

    /// <summary>
    /// Relevance order ranks only the newest this many matches (by create_time), as search systems
    /// cap how many hits they score: ranking reads every candidate's search vector, so without a cap
    /// a word in a tenth of a million ideas costs seconds per page. The proto says so to users.
    /// </summary>
    public int RankedMatches { get; set; } = 1_000;

    /// <summary>
    /// Relevance looks for its newest matches in at most this many of the newest rows (enough for a
    /// word in one row in 20 by default), or else collects them through the GIN index.
    /// </summary>
    public int RankedScannedRows { get; set; } = 20_000;
}
