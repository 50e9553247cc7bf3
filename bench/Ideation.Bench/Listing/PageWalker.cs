using System.Diagnostics;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Listing;

/// <summary>Where a listing's pages are: the tokens of a page in the middle and of the last page.</summary>
/// <param name="Pages">Pages of the walk's page size.</param>
/// <param name="Rows">Rows the caller sees in this listing.</param>
internal sealed record ListingDepth(int Pages, long Rows, string MiddleToken, string LastToken, TimeSpan WalkTime);

/// <summary>
/// Follows next_page_token from the first page to the last, as a client paging through everything
/// would: page tokens are sealed by the service, so the only way to a deep page is to walk there.
/// </summary>
internal static class PageWalker
{
    public static async Task<ListingDepth> WalkAsync(IdeaService.IdeaServiceClient client, Metadata authorization, ListingCase listing, int pageSize)
    {
        var clock = Stopwatch.StartNew();
        var tokens = new List<string> { "" };
        long rows = 0;
        while (true)
        {
            var page = await client.ListIdeasAsync(listing.Request(pageSize, tokens[^1]), authorization);
            rows += page.Ideas.Count;
            if (page.NextPageToken.Length == 0)
            {
                break;
            }

            tokens.Add(page.NextPageToken);
        }

        return new ListingDepth(tokens.Count, rows, tokens[tokens.Count / 2], tokens[^1], clock.Elapsed);
    }
}
