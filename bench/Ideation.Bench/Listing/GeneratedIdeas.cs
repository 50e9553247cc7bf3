using System.Text;

namespace Ideation.Bench.Listing;

/// <summary>One seeded idea, in the columns of the ideas table that the service writes.</summary>
internal sealed record GeneratedIdea(
    Guid Id, string Title, string Description, string Category, string[] Tags, string State, string Author,
    string AuthorDisplayName, DateTime CreateTime, DateTime UpdateTime, DateTime? SubmitTime, string? DecisionReason);

/// <summary>
/// Realistic ideas, the same for the same row number on every run: a few hundred authors, every state
/// (a tenth are drafts, which other users must not see), 0-3 tags, times spread over three years with
/// updates after creation. Row numbers continue as the table grows, so 100k rows hold the first 10k.
/// </summary>
internal static class GeneratedIdeas
{
    public const int Authors = 500;

    /// <summary>The user the bench lists as: a submitter with ideas (and drafts) of their own.</summary>
    public const string Caller = "user-0007";

    /// <summary>The author the author filter asks for: another user, about 0.2% of the rows.</summary>
    public const string ListedAuthor = "user-0042";

    public static readonly DateTime Newest = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Span = TimeSpan.FromDays(3 * 365);

    /// <summary>(state, share in percent): drafts, a submitted backlog, and every decision.</summary>
    private static readonly (string State, int Percent)[] States =
    [
        ("draft", 10), ("submitted", 30), ("under_review", 15), ("approved", 15), ("rejected", 10), ("implemented", 10), ("withdrawn", 10),
    ];

    public static GeneratedIdea Row(long number)
    {
        var random = new Random(unchecked((int)(number * 2_654_435_761L)));
        var idBytes = new byte[16];
        random.NextBytes(idBytes);
        var title = Text(random, random.Next(4, 9), number, inTitle: true);
        var description = Text(random, random.Next(15, 41), number, inTitle: false);
        var tags = Enumerable.Range(0, random.Next(0, 4)).Select(_ => SeedVocabulary.Tags[random.Next(SeedVocabulary.Tags.Length)]).Distinct().ToArray();
        var state = PickState(random.Next(100));
        var author = $"user-{random.Next(Authors):D4}";
        var created = Newest - TimeSpan.FromSeconds(random.NextDouble() * Span.TotalSeconds);
        created = DateTime.UnixEpoch.AddTicks((created - DateTime.UnixEpoch).Ticks / 10 * 10); // microseconds, like PostgreSQL
        var updated = Min(created + TimeSpan.FromSeconds(random.NextDouble() * TimeSpan.FromDays(90).TotalSeconds), Newest);
        updated = DateTime.UnixEpoch.AddTicks((updated - DateTime.UnixEpoch).Ticks / 10 * 10);
        return new GeneratedIdea(
            new Guid(idBytes), title, description, SeedVocabulary.Categories[random.Next(SeedVocabulary.Categories.Length)], tags, state,
            author, $"User {author[5..]}", created, updated,
            state == "draft" ? null : created,
            state is "approved" or "rejected" ? "Reviewed by the committee." : null);
    }

    private static string PickState(int percentile)
    {
        foreach (var (state, percent) in States)
        {
            if (percentile < percent)
            {
                return state;
            }

            percentile -= percent;
        }

        return "submitted";
    }

    private static string Text(Random random, int words, long number, bool inTitle)
    {
        var text = new StringBuilder();
        for (var index = 0; index < words; index++)
        {
            text.Append(index == 0 ? "" : " ").Append(SeedVocabulary.Words[random.Next(SeedVocabulary.Words.Length)]);
        }

        // A quarter of a marker's rows carry it in the title (weight A), the rest in the description
        // (weight B): relevance then has something to sort.
        foreach (var (marker, every) in SeedVocabulary.Markers)
        {
            if (number % every == every / 2 && (number / every % 4 == 0) == inTitle)
            {
                text.Append(' ').Append(marker);
            }
        }

        return text.ToString();
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
