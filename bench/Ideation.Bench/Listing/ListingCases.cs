using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Listing;

/// <summary>A listing as a user asks for it: a filter or order of ListIdeas, or a search.</summary>
internal sealed record ListingCase(string Name, Action<ListIdeasRequest> Apply)
{
    public ListIdeasRequest Request(int pageSize, string pageToken = "")
    {
        var request = new ListIdeasRequest { PageSize = pageSize, PageToken = pageToken };
        Apply(request);
        return request;
    }
}

internal static class ListingCases
{
    /// <summary>The default order and every filter and order ListIdeas offers (search aside), each with its own index or none.</summary>
    public static readonly IReadOnlyList<ListingCase> Listings =
    [
        new("newest (default)", _ => { }),
        new("update_time desc", request => request.OrderBy = "update_time desc"),
        new("state=approved", request => request.State = Idea.Types.State.Approved),
        new("category=technology", request => request.Category = "technology"),
        new("tag=security", request => request.Tag = "security"),
        new($"author={GeneratedIdeas.ListedAuthor}", request => request.Author = GeneratedIdeas.ListedAuthor),
    ];

    public const string DefaultOrder = "newest";
    public const string RelevanceOrder = "relevance";

    /// <summary>Each marker word (10 to 100k matches at 1M rows) in the default order and by relevance.</summary>
    public static IReadOnlyList<(string Word, string Order, ListingCase Case)> Searches { get; } =
        SeedVocabulary.Markers.SelectMany(marker => new[]
        {
            (marker.Word, DefaultOrder, new ListingCase($"query={marker.Word}", request => request.Query = marker.Word)),
            (marker.Word, RelevanceOrder, new ListingCase($"query={marker.Word} by relevance", request =>
            {
                request.Query = marker.Word;
                request.OrderBy = "relevance";
            })),
        }).ToList();
}
