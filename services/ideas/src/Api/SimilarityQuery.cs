using System.Text.RegularExpressions;

namespace Ideation.Ideas.Api;

/// <summary>
/// Turns a draft's text into a web-search query that matches ideas sharing any of its words
/// ("a or b or c"): an AND of every word of a draft would match nothing but the draft itself.
/// </summary>
internal static partial class SimilarityQuery
{
    /// <summary>Enough words to characterise a draft while keeping the query cheap.</summary>
    public const int MaxWords = 32;

    public static string From(string title, string description)
    {
        var words = WordPattern().Matches(title + "\n" + description)
            .Select(match => match.Value.ToLowerInvariant())
            // "or" is the query syntax's own operator.
            .Where(word => word != "or")
            .Distinct(StringComparer.Ordinal)
            .Take(MaxWords);
        return string.Join(" or ", words);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
