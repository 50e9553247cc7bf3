using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// Search pages read a bounded number of rows: the newest rows first, the GIN index when they hold
/// too few matches, and relevance ranks only the newest matches. With bounds of a few rows
/// (<see cref="SmallSearchBoundsFixture"/>) these tests reach each way and check that the answer is
/// the same whichever way a page was read.
/// </summary>
public sealed class BoundedSearchTests(SmallSearchBoundsFixture service) : IClassFixture<SmallSearchBoundsFixture>
{
    /// <summary>Creates ideas oldest first: one matching <paramref name="word"/> per entry of <paramref name="descriptions"/>, each followed by <paramref name="gap"/> that do not.</summary>
    private async Task<List<Idea>> MatchesSeparatedByAsync(TestUser author, int gap, params string[] descriptions)
    {
        var matches = new List<Idea>();
        foreach (var description in descriptions)
        {
            matches.Add(await service.As(author).CreateAsync(title: "Shared office plants", description: description));
            for (var i = 0; i < gap; i++)
            {
                await service.As(author).CreateAsync(title: $"Unrelated idea {Scenario.UniqueWord()}", description: "Nothing to find here");
            }
        }

        return matches;
    }

    private async Task<List<string>> ReadAllAsync(TestUser caller, ListIdeasRequest request)
    {
        var names = new List<string>();
        while (true)
        {
            var page = await service.As(caller).ListIdeasAsync(request);
            Assert.InRange(page.Ideas.Count, 0, request.PageSize);
            names.AddRange(page.Ideas.Select(idea => idea.Name));
            if (page.NextPageToken.Length == 0)
            {
                return names;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    [Theory]
    [InlineData(0, "")] // dense: every page fills from the newest rows walked
    [InlineData(SmallSearchBoundsFixture.ScannedRows, "")] // sparse: no match among the rows walked, the GIN index finds them
    [InlineData(1, "update_time desc")]
    [InlineData(SmallSearchBoundsFixture.ScannedRows, "update_time desc")]
    public async Task Newest_first_search_returns_every_match_in_order_however_sparse(int gap, string orderBy)
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var matches = await MatchesSeparatedByAsync(author, gap, Enumerable.Range(0, 7).Select(i => $"Idea {i} about {word}").ToArray());

        var names = await ReadAllAsync(author, new ListIdeasRequest { Query = word, OrderBy = orderBy, PageSize = 2 });

        Assert.Equal(matches.Select(idea => idea.Name).Reverse(), names);
    }

    [Theory]
    [InlineData(0)] // the newest matches are among the newest rows walked
    [InlineData(3)] // they are not: collected through the GIN index
    public async Task Relevance_ranks_only_the_newest_matches(int gap)
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        // The oldest match is the best one (the word in its title and twice in its description), the
        // others mention it more the newer they are.
        var best = await service.As(author).CreateAsync(title: $"All about {word}", description: $"{word} and {word} again");
        var newer = await MatchesSeparatedByAsync(author, gap,
            Enumerable.Range(1, SmallSearchBoundsFixture.RankedMatches + 1).Select(i => string.Join(' ', Enumerable.Repeat(word, i)) + " filler").ToArray());

        var ranked = await ReadAllAsync(author, new ListIdeasRequest { Query = word, OrderBy = "relevance", PageSize = 2 });

        // The newest RankedMatches matches, best first: the best and the oldest other are left out.
        Assert.Equal(newer.TakeLast(SmallSearchBoundsFixture.RankedMatches).Select(idea => idea.Name).Reverse(), ranked);
        Assert.DoesNotContain(best.Name, ranked);

        // Newest first still returns every match.
        var newestFirst = await ReadAllAsync(author, new ListIdeasRequest { Query = word, PageSize = 10 });
        Assert.Equal(newer.Prepend(best).Select(idea => idea.Name).Reverse(), newestFirst);
    }

    [Fact]
    public async Task Search_with_other_filters_keeps_them_on_both_ways()
    {
        var author = TestUser.Submitter();
        var other = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var mine = await MatchesSeparatedByAsync(author, SmallSearchBoundsFixture.ScannedRows, $"{word} one", $"{word} two");
        // Another user's matching drafts are invisible to the author, and the author filter leaves out their submitted idea.
        await service.As(other).CreateAsync(title: $"{word} draft of someone else");
        await Scenario.InStateAsync(service, other, Idea.Types.State.Submitted, $"{word} submitted by someone else");

        var names = await ReadAllAsync(author, new ListIdeasRequest { Query = word, Author = "me", PageSize = 1 });
        Assert.Equal(mine.Select(idea => idea.Name).Reverse(), names);

        var visible = await ReadAllAsync(author, new ListIdeasRequest { Query = word, PageSize = 1 });
        Assert.Equal(3, visible.Count);
    }
}
