using Ideation.Ideas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Ideas.Api;

/// <summary>
/// A newest-first order over a timestamp with the id as tie-breaker, as its B-tree (timestamp, id)
/// serves it backwards: the sort, the keyset condition of the next page, and the page token's key.
/// </summary>
internal sealed class TimeOrder
{
    public static readonly TimeOrder CreateTime = new(
        ideas => ideas.OrderByDescending(idea => idea.CreateTime).ThenByDescending(idea => idea.Id),
        (ideas, time, id) => ideas.Where(idea => EF.Functions.LessThan(ValueTuple.Create(idea.CreateTime, idea.Id), ValueTuple.Create(time, id))),
        idea => idea.CreateTime);

    public static readonly TimeOrder UpdateTime = new(
        ideas => ideas.OrderByDescending(idea => idea.UpdateTime).ThenByDescending(idea => idea.Id),
        (ideas, time, id) => ideas.Where(idea => EF.Functions.LessThan(ValueTuple.Create(idea.UpdateTime, idea.Id), ValueTuple.Create(time, id))),
        idea => idea.UpdateTime);

    private readonly Func<IQueryable<IdeaRecord>, IOrderedQueryable<IdeaRecord>> _newestFirst;
    private readonly Func<IQueryable<IdeaRecord>, DateTime, Guid, IQueryable<IdeaRecord>> _before;
    private readonly Func<IdeaRecord, DateTime> _keyOf;

    private TimeOrder(
        Func<IQueryable<IdeaRecord>, IOrderedQueryable<IdeaRecord>> newestFirst,
        Func<IQueryable<IdeaRecord>, DateTime, Guid, IQueryable<IdeaRecord>> before,
        Func<IdeaRecord, DateTime> keyOf)
    {
        _newestFirst = newestFirst;
        _before = before;
        _keyOf = keyOf;
    }

    public IOrderedQueryable<IdeaRecord> NewestFirst(IQueryable<IdeaRecord> ideas) => _newestFirst(ideas);

    /// <summary>The rows after (older than) the given row in this order: the next page's keyset condition.</summary>
    public IQueryable<IdeaRecord> Before(IQueryable<IdeaRecord> ideas, DateTime time, Guid id) => _before(ideas, time, id);

    public DateTime KeyOf(IdeaRecord idea) => _keyOf(idea);
}
