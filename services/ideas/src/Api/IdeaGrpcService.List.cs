using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
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

        var ideas = Filtered(caller, filter);
        // One row more than asked tells whether another page follows, without a COUNT.
        var rows = order switch
        {
            IdeaOrder.UpdateTimeDesc => await ByUpdateTime(ideas, cursor, pageSize + 1, context.CancellationToken),
            IdeaOrder.Relevance => await ByRelevance(ideas, filter.Query!, cursor, pageSize + 1, context.CancellationToken),
            _ => await ByCreateTime(ideas, cursor, pageSize + 1, context.CancellationToken),
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

        if (filter.Query is { } query)
        {
            ideas = ideas.Where(idea => EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector)
                .Matches(EF.Functions.WebSearchToTsQuery(IdeasDbContext.TextSearchConfiguration, query)));
        }

        return ideas;
    }

    private sealed record PageRow(IdeaRecord Idea, long SortKey);

    private static async Task<List<PageRow>> ByCreateTime(IQueryable<IdeaRecord> ideas, IdeaCursor? cursor, int take, CancellationToken cancellationToken)
    {
        if (cursor is { } after)
        {
            var (time, id) = (after.SortKeyAsTime, after.Id);
            ideas = ideas.Where(idea => EF.Functions.LessThan(ValueTuple.Create(idea.CreateTime, idea.Id), ValueTuple.Create(time, id)));
        }

        var page = await ideas.OrderByDescending(idea => idea.CreateTime).ThenByDescending(idea => idea.Id).Take(take)
            .SelectReadable().ToListAsync(cancellationToken);
        return page.Select(idea => new PageRow(idea, IdeaCursor.ToSortKey(idea.CreateTime))).ToList();
    }

    private static async Task<List<PageRow>> ByUpdateTime(IQueryable<IdeaRecord> ideas, IdeaCursor? cursor, int take, CancellationToken cancellationToken)
    {
        if (cursor is { } after)
        {
            var (time, id) = (after.SortKeyAsTime, after.Id);
            ideas = ideas.Where(idea => EF.Functions.LessThan(ValueTuple.Create(idea.UpdateTime, idea.Id), ValueTuple.Create(time, id)));
        }

        var page = await ideas.OrderByDescending(idea => idea.UpdateTime).ThenByDescending(idea => idea.Id).Take(take)
            .SelectReadable().ToListAsync(cancellationToken);
        return page.Select(idea => new PageRow(idea, IdeaCursor.ToSortKey(idea.UpdateTime))).ToList();
    }

    /// <summary>
    /// ts_rank with the default weights (A = 1.0, B = 0.4): a title match outranks a description match.
    /// The rank is a float4 that travels in the token bit for bit, so the keyset comparison is exact.
    /// </summary>
    private static async Task<List<PageRow>> ByRelevance(IQueryable<IdeaRecord> ideas, string query, IdeaCursor? cursor, int take, CancellationToken cancellationToken)
    {
        var ranked = ideas.SelectReadable(idea => EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector)
            .Rank(EF.Functions.WebSearchToTsQuery(IdeasDbContext.TextSearchConfiguration, query)));
        if (cursor is { } after)
        {
            var (rank, id) = (after.SortKeyAsRank, after.Id);
            ranked = ranked.Where(row => EF.Functions.LessThan(ValueTuple.Create(row.Key, row.Idea.Id), ValueTuple.Create(rank, id)));
        }

        var page = await ranked.OrderByDescending(row => row.Key).ThenByDescending(row => row.Idea.Id).Take(take).ToListAsync(cancellationToken);
        return page.Select(row => new PageRow(row.Idea, IdeaCursor.ToSortKey(row.Key))).ToList();
    }
}
