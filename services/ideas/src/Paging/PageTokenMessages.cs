namespace Ideation.Ideas.Paging;

internal static class PageTokenMessages
{
    public const string NotIssued =
        "The page token was not issued by this service or was altered; pass next_page_token unchanged, or leave it empty for the first page.";

    public const string OtherListing =
        "The page token belongs to a listing with other filters or order; repeat that listing's request with only page_token changed, or leave it empty to start over.";
}
