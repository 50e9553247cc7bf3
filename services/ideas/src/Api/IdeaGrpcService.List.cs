using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Configuration;
using Ideation.Ideas.Paging;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    private const int DefaultIdeasPageSize = 25;
    private const int MaxIdeasPageSize = 100;

    public override async Task<ListIdeasResponse> ListIdeas(ListIdeasRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var pageSize = PageSize.Resolve(request.PageSize, DefaultIdeasPageSize, MaxIdeasPageSize, "page_size", violations);
        var filter = IdeaFilter.Parse(request, caller, validator, violations);
        var order = IdeaOrders.Parse(request.OrderBy, filter.Query is not null, violations);
        var scope = filter.Scope(caller, order);
        var cursor = IdeaCursor.Read(request.PageToken, pageTokens, scope, "page_token", violations);
        violations.ThrowIfAny();

        NpgsqlTsQuery? search = null;
        if (filter.Query is { } text)
        {
            search = await BoundedSearch.ParseAsync(db, text, context.CancellationToken);
            if (search is null)
            {
                // Only stop words: websearch_to_tsquery left nothing to match.
                return new ListIdeasResponse();
            }
        }

        var ideas = Filtered(caller, filter);
        // One row more than asked tells whether another page follows, without a COUNT.
        var rows = order switch
        {
            IdeaOrder.UpdateTimeDesc => await ByTime(ideas, search, TimeOrder.UpdateTime, cursor, pageSize + 1, options.Value.Search, context.CancellationToken),
            IdeaOrder.Relevance => await ByRelevance(ideas, search!, cursor, pageSize + 1, options.Value.Search, context.CancellationToken),
            _ => await ByTime(ideas, search, TimeOrder.CreateTime, cursor, pageSize + 1, options.Value.Search, context.CancellationToken),
        };

        var response = new ListIdeasResponse();
        response.Ideas.AddRange(rows.Take(pageSize).Select(row => row.Idea.ToProto()));
        if (rows.Count > pageSize)
        {
            var last = rows[pageSize - 1];
            response.NextPageToken = new IdeaCursor(last.SortKey, last.Idea.Id).ToToken(pageTokens, scope);
        }

        return response;
    }

    /// <summary>Every filter but the search, which <see cref="BoundedSearch"/> applies where it bounds the cost.</summary>
    private IQueryable<IdeaRecord> Filtered(Caller caller, IdeaFilter filter)
    {
        var ideas = db.Ideas.AsNoTracking().VisibleTo(caller);
        if (filter.State is { } state)
        {
            ideas = ideas.Where(idea => idea.State == state);
        }

        if (filter.Category is { } category)
        {
            ideas = ideas.Where(idea => idea.Category == category);
        }

        if (filter.Tag is { } tag)
        {
            // Translates to tags @> ARRAY[tag], which the GIN index on tags serves.
            string[] wanted = [tag];
            ideas = ideas.Where(idea => wanted.All(t => idea.Tags.Contains(t)));
        }

        if (filter.Author is { } author)
        {
            ideas = ideas.Where(idea => idea.Author == author);
        }

        return ideas;
    }

    private sealed record PageRow(IdeaRecord Idea, long SortKey);

    private static async Task<List<PageRow>> ByTime(
        IQueryable<IdeaRecord> ideas, NpgsqlTsQuery? search, TimeOrder order, IdeaCursor? cursor, int take, SearchOptions bounds, CancellationToken cancellationToken)
    {
        if (cursor is { } after)
        {
            ideas = order.Before(ideas, after.SortKeyAsTime, after.Id);
        }

        var page = search is null
            ? await order.NewestFirst(ideas).Take(take).SelectReadable().ToListAsync(cancellationToken)
            : await BoundedSearch.NewestMatchesAsync(ideas, search, order, take, bounds, cancellationToken);
        return page.Select(idea => new PageRow(idea, IdeaCursor.ToSortKey(order.KeyOf(idea)))).ToList();
    }

    /// <summary>
    /// ts_rank with the default weights (A = 1.0, B = 0.4): a title match outranks a description match.
    /// The rank is a float4 that travels in the token bit for bit, so the keyset comparison is exact.
    /// Only the newest <see cref="SearchOptions.RankedMatches"/> matches are ranked (see the proto).
    /// </summary>
    private static async Task<List<PageRow>> ByRelevance(
        IQueryable<IdeaRecord> ideas, NpgsqlTsQuery search, IdeaCursor? cursor, int take, SearchOptions bounds, CancellationToken cancellationToken)
    {
        var candidates = await BoundedSearch.RankedCandidatesAsync(ideas, search, bounds, cancellationToken);
        var ranked = candidates.SelectReadable(idea => EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector).Rank(search));
        if (cursor is { } after)
        {
            var (rank, id) = (after.SortKeyAsRank, after.Id);
            // Spelled out rather than as a row comparison, which EF cannot type over the candidates'
            // subquery; no index serves a rank either way.
            ranked = ranked.Where(row => row.Key < rank || (row.Key == rank && row.Idea.Id < id));
        }

        var page = await ranked.OrderByDescending(row => row.Key).ThenByDescending(row => row.Idea.Id).Take(take).ToListAsync(cancellationToken);
        return page.Select(row => new PageRow(row.Idea, IdeaCursor.ToSortKey(row.Key))).ToList();
    }
}
