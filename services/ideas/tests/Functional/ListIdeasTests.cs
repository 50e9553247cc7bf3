using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

public sealed class ListIdeasTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    private async Task<List<Idea>> CreateManyAsync(TestUser author, int count, string tag, string title = "Idea")
    {
        var ideas = new List<Idea>();
        for (var i = 0; i < count; i++)
        {
            ideas.Add(await service.As(author).CreateAsync(title: $"{title} {i}", tags: [tag]));
        }

        return ideas;
    }

    /// <summary>Reads every page, running <paramref name="betweenPages"/> after each one.</summary>
    private async Task<List<Idea>> ReadAllAsync(TestUser caller, ListIdeasRequest request, Func<Task>? betweenPages = null)
    {
        var all = new List<Idea>();
        var page = request.Clone();
        while (true)
        {
            var response = await service.As(caller).ListIdeasAsync(page);
            Assert.True(response.Ideas.Count <= (page.PageSize == 0 ? 25 : page.PageSize));
            all.AddRange(response.Ideas);
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }

            page.PageToken = response.NextPageToken;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }
    }

    [Fact]
    public async Task Pages_neither_repeat_nor_skip_ideas_added_between_pages()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        var original = await CreateManyAsync(author, 10, tag);
        var added = new List<Idea>();

        var listed = await ReadAllAsync(author, new ListIdeasRequest { Tag = tag, PageSize = 3 }, async () =>
            added.AddRange(await CreateManyAsync(author, 2, tag, "Added")));

        // Newest first; ideas added after the first page are newer than the cursor, so they never shift it.
        original.Reverse();
        Assert.Equal(original.Select(idea => idea.Name), listed.Select(idea => idea.Name));
        Assert.Equal(6, added.Count);
        var fresh = await ReadAllAsync(author, new ListIdeasRequest { Tag = tag, PageSize = 100 });
        Assert.Equal(16, fresh.Count);
        Assert.Equal(16, fresh.Select(idea => idea.Name).Distinct().Count());
    }

    [Fact]
    public async Task Update_time_order_pages_without_repeats()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        var ideas = await CreateManyAsync(author, 6, tag);
        // Touch them in reverse, so that update order differs from creation order.
        for (var i = ideas.Count - 1; i >= 0; i -= 2)
        {
            ideas[i] = await service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
            {
                Idea = new Idea { Name = ideas[i].Name, Title = $"Touched {i}" },
                UpdateMask = new() { Paths = { "title" } },
            });
        }

        var listed = await ReadAllAsync(author, new ListIdeasRequest { Tag = tag, PageSize = 2, OrderBy = "update_time desc" });

        Assert.Equal(ideas.OrderByDescending(idea => idea.UpdateTime.ToDateTime()).ThenByDescending(idea => idea.Name).Select(idea => idea.Name),
            listed.Select(idea => idea.Name));
    }

    [Fact]
    public async Task Page_size_defaults_to_25_and_caps_at_100()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        await CreateManyAsync(author, 101, tag);

        var byDefault = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag });
        Assert.Equal(25, byDefault.Ideas.Count);
        Assert.NotEmpty(byDefault.NextPageToken);

        var capped = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1_000 });
        Assert.Equal(100, capped.Ideas.Count);
        var rest = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1_000, PageToken = capped.NextPageToken });
        Assert.Single(rest.Ideas);
        Assert.Empty(rest.NextPageToken);
    }

    [Fact]
    public async Task Negative_page_sizes_are_refused()
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.As(TestUser.Submitter()).ListIdeasAsync(new ListIdeasRequest { PageSize = -1 }));
        Assert.Equal(["page_size"], error.ViolatedFields());
    }

    [Fact]
    public async Task A_page_token_works_only_with_the_filters_and_order_it_came_from()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        await CreateManyAsync(author, 3, tag);
        var first = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1 });
        var token = first.NextPageToken;

        // The same listing continues; page_size may change.
        Assert.Single((await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1, PageToken = token })).Ideas);
        Assert.Equal(2, (await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 5, PageToken = token })).Ideas.Count);

        ListIdeasRequest[] others =
        [
            new() { Tag = Scenario.UniqueTag(), PageToken = token },
            new() { Tag = tag, OrderBy = "update_time desc", PageToken = token },
            new() { Tag = tag, State = State.Draft, PageToken = token },
            new() { Tag = tag, Category = "workplace", PageToken = token },
            new() { Tag = tag, Author = "me", PageToken = token },
            new() { Tag = tag, Query = "idea", PageToken = token },
            new() { PageToken = token },
        ];
        foreach (var request in others)
        {
            var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(author).ListIdeasAsync(request));
            Assert.Equal(["page_token"], error.ViolatedFields());
        }

        // Another caller sees other drafts: the token is not theirs to continue.
        await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageToken = token }));
    }

    [Fact]
    public async Task Tampered_page_tokens_are_refused()
    {
        var author = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        await CreateManyAsync(author, 2, tag);
        var token = (await service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1 })).NextPageToken;
        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        foreach (var bad in new[] { flipped, token + "A", token[..^2], "not-a-token", "eyJpZCI6IjEyMyJ9" })
        {
            var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
                service.As(author).ListIdeasAsync(new ListIdeasRequest { Tag = tag, PageSize = 1, PageToken = bad }));
            Assert.Equal(["page_token"], error.ViolatedFields());
        }
    }

    [Fact]
    public async Task Filters_combine()
    {
        var author = TestUser.Submitter();
        var other = TestUser.Submitter();
        var tag = Scenario.UniqueTag();
        var draft = await service.As(author).CreateAsync(category: "process", tags: [tag, "x"]);
        var submitted = await Scenario.InStateAsync(service, author, State.Submitted, "Submitted one", tag);
        var othersSubmitted = await Scenario.InStateAsync(service, other, State.Submitted, "Someone else's", tag);
        var approved = await Scenario.InStateAsync(service, other, State.Approved, "Approved one", tag);

        async Task<string[]> Names(TestUser caller, ListIdeasRequest request) =>
            (await service.As(caller).ListIdeasAsync(request)).Ideas.Select(idea => idea.Name).ToArray();

        Assert.Equal([approved.Name, othersSubmitted.Name, submitted.Name, draft.Name], await Names(author, new() { Tag = tag }));
        Assert.Equal([submitted.Name, draft.Name], await Names(author, new() { Tag = tag, Author = "me" }));
        Assert.Equal([approved.Name, othersSubmitted.Name], await Names(author, new() { Tag = tag, Author = other.Id }));
        Assert.Equal([othersSubmitted.Name, submitted.Name], await Names(author, new() { Tag = tag, State = State.Submitted }));
        Assert.Equal([draft.Name], await Names(author, new() { Tag = tag, Category = "process" }));
        Assert.Equal([draft.Name], await Names(author, new() { Tag = " X ", Author = "me" }));
        Assert.Equal([approved.Name, othersSubmitted.Name, submitted.Name], await Names(other, new() { Tag = tag.ToUpperInvariant() }));
    }

    [Fact]
    public async Task Every_bad_list_argument_is_named()
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).ListIdeasAsync(new ListIdeasRequest
        {
            PageSize = -5,
            State = (State)99,
            Category = "nope",
            Tag = "not a tag",
            Query = new string('q', 501),
            OrderBy = "title asc",
            PageToken = "forged",
        }));

        Assert.Equal(["page_size", "state", "category", "tag", "query", "order_by", "page_token"], error.ViolatedFields());
    }

    [Theory]
    [InlineData("create_time desc")]
    [InlineData("  CREATE_TIME   DESC ")]
    [InlineData("update_time desc")]
    public async Task Supported_orders_are_accepted(string orderBy) =>
        await service.As(TestUser.Submitter()).ListIdeasAsync(new ListIdeasRequest { OrderBy = orderBy });

    [Theory]
    [InlineData("create_time asc")]
    [InlineData("title")]
    [InlineData("relevance")]
    public async Task Other_orders_and_relevance_without_a_query_are_refused(string orderBy)
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.As(TestUser.Submitter()).ListIdeasAsync(new ListIdeasRequest { OrderBy = orderBy }));
        Assert.Equal(["order_by"], error.ViolatedFields());
    }
}
