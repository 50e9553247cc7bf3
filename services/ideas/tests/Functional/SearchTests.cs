using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

public sealed class SearchTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    private async Task<Idea> SubmittedAsync(TestUser author, string title, string description = "")
    {
        var idea = await service.As(author).CreateAsync(title: title, description: description);
        return await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name });
    }

    [Fact]
    public async Task A_title_match_outranks_a_description_match()
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var inTitle = await SubmittedAsync(author, $"Cheaper {word} for everyone", "Nothing else to say");
        var inDescription = await SubmittedAsync(author, "Something unrelated", $"It mentions {word} once in the body");
        await SubmittedAsync(author, "Not matching at all", "Nothing here");

        var byRelevance = await service.As(TestUser.Reviewer()).ListIdeasAsync(new ListIdeasRequest { Query = word, OrderBy = "relevance" });
        Assert.Equal([inTitle.Name, inDescription.Name], byRelevance.Ideas.Select(idea => idea.Name));

        // Without relevance order the same matches come newest first.
        var byTime = await service.As(TestUser.Reviewer()).ListIdeasAsync(new ListIdeasRequest { Query = word });
        Assert.Equal([inDescription.Name, inTitle.Name], byTime.Ideas.Select(idea => idea.Name));
    }

    [Fact]
    public async Task Search_uses_stemming_phrases_and_exclusions()
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var racks = await SubmittedAsync(author, $"Bike racks {word}", "Parking near the east door");
        var lockers = await SubmittedAsync(author, $"Lockers {word}", "Parking for bikes near the west door");

        async Task<string[]> Search(string query) =>
            (await service.As(author).ListIdeasAsync(new ListIdeasRequest { Query = query, OrderBy = "relevance" })).Ideas.Select(idea => idea.Name).ToArray();

        Assert.Equal([racks.Name, lockers.Name], await Search($"{word} bike"));
        Assert.Equal([racks.Name], await Search($"{word} \"east door\""));
        Assert.Equal([lockers.Name], await Search($"{word} -racks"));
    }

    [Fact]
    public async Task A_query_of_stop_words_only_matches_nothing()
    {
        // websearch_to_tsquery drops stop words: nothing is left to match, and that is no error.
        var author = TestUser.Submitter();
        await SubmittedAsync(author, $"The idea of the year {Scenario.UniqueWord()}", "It is what it is");

        foreach (var order in new[] { "", "relevance" })
        {
            var page = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Query = "the of", OrderBy = order });
            Assert.Empty(page.Ideas);
        }
    }

    [Fact]
    public async Task Relevance_pages_continue_where_they_stopped()
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // More occurrences rank higher; equal ranks fall back to the id.
            expected.Add((await SubmittedAsync(author, $"Idea {i}", string.Join(' ', Enumerable.Repeat(word, i + 1)) + " filler text")).Name);
        }

        var names = new List<string>();
        var request = new ListIdeasRequest { Query = word, OrderBy = "relevance", PageSize = 2 };
        do
        {
            var page = await service.As(author).ListIdeasAsync(request);
            names.AddRange(page.Ideas.Select(idea => idea.Name));
            request.PageToken = page.NextPageToken;
            await SubmittedAsync(author, $"{word} added between pages", word);
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(5 + names.Count(name => !expected.Contains(name)), names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(expected.AsEnumerable().Reverse(), names.Where(expected.Contains));
    }

    [Fact]
    public async Task Similar_titles_are_suggested_with_a_score()
    {
        var author = TestUser.Submitter();
        var word = Scenario.UniqueWord();
        var existing = await SubmittedAsync(author, $"Solar panels on the {word} car park roof", "Shade for cars and power for the building");
        var unrelated = await SubmittedAsync(author, "Quarterly hackathon", "Two days to build anything");

        var response = await service.As(TestUser.Submitter()).FindSimilarIdeasAsync(new FindSimilarIdeasRequest
        {
            Title = $"Solar panel on {word} car park",
            Description = "Power from the roof",
        });

        var suggestion = Assert.Single(response.SimilarIdeas, s => s.Idea.Name == existing.Name);
        Assert.InRange(suggestion.Score, 0.3, 1.0);
        Assert.Equal(existing, suggestion.Idea);
        Assert.DoesNotContain(response.SimilarIdeas, s => s.Idea.Name == unrelated.Name);
        Assert.Equal(response.SimilarIdeas.OrderByDescending(s => s.Score).Select(s => s.Idea.Name), response.SimilarIdeas.Select(s => s.Idea.Name));

        var identical = await service.As(TestUser.Submitter()).FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = existing.Title });
        Assert.Equal(existing.Name, identical.SimilarIdeas[0].Idea.Name);
        Assert.Equal(1.0, identical.SimilarIdeas[0].Score, 3);
    }

    [Fact]
    public async Task A_shared_description_word_is_enough_to_suggest()
    {
        var word = Scenario.UniqueWord();
        var existing = await SubmittedAsync(TestUser.Submitter(), "Canteen menu", $"Add {word} dishes every Friday");

        var response = await service.As(TestUser.Submitter()).FindSimilarIdeasAsync(new FindSimilarIdeasRequest
        {
            Title = "Better food",
            Description = $"We should serve {word} more often",
        });

        Assert.Contains(response.SimilarIdeas, s => s.Idea.Name == existing.Name && s.Score > 0);
    }

    [Fact]
    public async Task Drafts_of_others_are_never_suggested_but_own_drafts_are()
    {
        var word = Scenario.UniqueWord();
        var author = TestUser.Submitter();
        var draft = await service.As(author).CreateAsync(title: $"Rooftop garden {word}");
        var title = $"Rooftop garden {word}";

        foreach (var other in new[] { TestUser.Submitter(), TestUser.Reviewer(), TestUser.Admin() })
        {
            var response = await service.As(other).FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = title });
            Assert.DoesNotContain(response.SimilarIdeas, s => s.Idea.Name == draft.Name);
        }

        var own = await service.As(author).FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = title });
        Assert.Contains(own.SimilarIdeas, s => s.Idea.Name == draft.Name);

        await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = draft.Name });
        var afterSubmit = await service.As(TestUser.Submitter()).FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = title });
        Assert.Contains(afterSubmit.SimilarIdeas, s => s.Idea.Name == draft.Name);
    }

    [Fact]
    public async Task At_most_ten_suggestions_best_first()
    {
        var word = Scenario.UniqueWord();
        var author = TestUser.Submitter();
        for (var i = 0; i < 12; i++)
        {
            await SubmittedAsync(author, $"Recycling {word} bins number {i}");
        }

        var client = service.As(TestUser.Submitter());
        var all = await client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = $"Recycling {word} bins", PageSize = 50 });
        Assert.Equal(10, all.SimilarIdeas.Count);
        Assert.All(all.SimilarIdeas, s => Assert.Contains(word, s.Idea.Title, StringComparison.Ordinal));
        Assert.Equal(all.SimilarIdeas.Select(s => s.Score).OrderDescending(), all.SimilarIdeas.Select(s => s.Score));

        Assert.Equal(10, (await client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = $"Recycling {word} bins" })).SimilarIdeas.Count);
        Assert.Equal(3, (await client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = $"Recycling {word} bins", PageSize = 3 })).SimilarIdeas.Count);
    }

    [Fact]
    public async Task Similarity_requests_are_validated()
    {
        var client = service.As(TestUser.Submitter());
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest
        {
            Title = new string('t', 201),
            Description = new string('d', 20_001),
            PageSize = -1,
        }));
        Assert.Equal(["title", "description", "page_size"], error.ViolatedFields());

        Assert.Empty((await client.FindSimilarIdeasAsync(new FindSimilarIdeasRequest())).SimilarIdeas);
    }

    [Fact]
    public async Task Withdrawn_and_decided_ideas_are_still_suggested()
    {
        var word = Scenario.UniqueWord();
        var rejected = await Scenario.InStateAsync(service, TestUser.Submitter(), State.Rejected, $"Standing desks {word}");

        var response = await service.As(TestUser.Submitter()).FindSimilarIdeasAsync(new FindSimilarIdeasRequest { Title = $"Standing desks {word}" });

        Assert.Contains(response.SimilarIdeas, s => s.Idea.Name == rejected.Name);
    }
}
