using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Errors;
using Ideation.Testing;

namespace Ideation.Ideas.Tests.Functional;

public sealed class CreateIdeaTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task A_created_idea_is_a_draft_owned_by_the_caller_and_reads_back_identically()
    {
        var author = TestUser.Submitter();

        var created = await service.As(author).CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea
            {
                Title = "  Bike racks at HQ  ",
                Description = "More racks near the east door",
                Category = "workplace",
                Tags = { " Green ", "travel", "GREEN" },
                // Output-only fields are ignored.
                Author = "someone-else",
                State = Idea.Types.State.Approved,
                Name = "ideas/00000000-0000-4000-8000-000000000000",
            },
        });

        Assert.Matches("^ideas/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", created.Name);
        Assert.Equal("Bike racks at HQ", created.Title);
        Assert.Equal("More racks near the east door", created.Description);
        Assert.Equal("workplace", created.Category);
        Assert.Equal(["green", "travel"], created.Tags);
        Assert.Equal(Idea.Types.State.Draft, created.State);
        Assert.Equal(author.Id, created.Author);
        Assert.Equal($"User {author.Id}", created.AuthorDisplayName);
        Assert.InRange(created.CreateTime.ToDateTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(created.CreateTime, created.UpdateTime);
        Assert.Null(created.SubmitTime);
        Assert.Equal("", created.DecisionReason);
        Assert.NotEmpty(created.Etag);

        Assert.Equal(created, await service.As(author).GetIdeaAsync(new GetIdeaRequest { Name = created.Name }));
    }

    [Fact]
    public async Task Every_invalid_field_is_named_in_one_answer()
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea
            {
                Title = " ",
                Description = new string('d', 20_001),
                Category = "no-such-category",
                Tags = { "ok", "Not A Slug", "x", "y", "under_score" },
            },
            RequestId = new string('r', 65),
        }));

        Assert.Equal(["idea.title", "idea.description", "idea.category", "idea.tags[1]", "idea.tags[4]", "request_id"], error.ViolatedFields());
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.All(violations, violation => Assert.False(string.IsNullOrWhiteSpace(violation.Description)));
        Assert.Contains("workplace", violations.Single(v => v.Field == "idea.category").Description, StringComparison.Ordinal);
        Assert.Equal("INVALID_ARGUMENT", error.Reason());
    }

    /// <summary>
    /// The answer quotes the unknown category: quoted whole, 900 KB of it would not fit in the
    /// response's trailers, and the client would get a transport failure instead of the reason.
    /// </summary>
    [Fact]
    public async Task A_huge_unknown_category_is_named_in_a_bounded_answer()
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = "Bike racks", Description = "East door", Category = new string('c', 900_000) },
        }));

        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("idea.category", violation.Field);
        Assert.StartsWith("Category 'cccc", violation.Description, StringComparison.Ordinal);
        Assert.InRange(violation.Description.Length, 1, RpcErrors.MaxTextLength + 20);
        Assert.InRange(error.Status.Detail.Length, 1, RpcErrors.MaxTextLength + 20);
    }

    [Fact]
    public async Task Eleven_distinct_tags_are_too_many_but_duplicates_do_not_count()
    {
        var client = service.As(TestUser.Submitter());
        var eleven = Enumerable.Range(1, 11).Select(i => $"tag-{i}").ToArray();

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, client.CreateAsync(tags: eleven));
        Assert.Equal(["idea.tags"], error.ViolatedFields());

        var created = await client.CreateAsync(tags: [.. eleven[..10], "TAG-1", " tag-2 "]);
        Assert.Equal(eleven[..10], created.Tags);
    }

    [Fact]
    public async Task Lengths_count_code_points_not_utf16_units()
    {
        var client = service.As(TestUser.Submitter());
        var title = string.Concat(Enumerable.Repeat("\U0001F6B2", 200));

        var created = await client.CreateAsync(title: title, description: string.Concat(Enumerable.Repeat("\U00020000", 20_000)));
        Assert.Equal(title, created.Title);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, client.CreateAsync(title: title + "\U0001F6B2"));
        Assert.Equal(["idea.title"], error.ViolatedFields());
    }

    [Fact]
    public async Task The_same_request_id_from_the_same_author_returns_the_first_idea()
    {
        var author = TestUser.Submitter();
        var request = new CreateIdeaRequest { Idea = new Idea { Title = "Retry me", Category = "process" }, RequestId = "req-1" };

        var first = await service.As(author).CreateIdeaAsync(request);
        var again = await service.As(author).CreateIdeaAsync(request);

        Assert.Equal(first, again);
        var events = await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = first.Name });
        Assert.Single(events.Events);
        var mine = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Author = "me" });
        Assert.Single(mine.Ideas);

        var other = await service.As(TestUser.Submitter()).CreateIdeaAsync(request);
        Assert.NotEqual(first.Name, other.Name);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_create_one_idea()
    {
        var author = TestUser.Submitter();
        var request = new CreateIdeaRequest { Idea = new Idea { Title = "Raced", Category = "process" }, RequestId = "race" };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => service.As(author).CreateIdeaAsync(request).ResponseAsync));

        Assert.Single(results.Select(idea => idea.Name).Distinct());
        var mine = await service.As(author).ListIdeasAsync(new ListIdeasRequest { Author = "me" });
        Assert.Single(mine.Ideas);
    }

    [Fact]
    public async Task Creating_needs_the_submitter_role_which_admins_hold()
    {
        var reviewer = TestUser.Reviewer();
        var error = await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(reviewer).CreateAsync());
        Assert.Equal("SUBMITTER_ROLE_REQUIRED", error.Reason());

        // Permission is checked before the content: an invalid request still gets PERMISSION_DENIED.
        await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(reviewer).CreateAsync(title: ""));
        await Scenario.FailsWith(StatusCode.PermissionDenied, service.As(TestUser.WithRoles("nobody")).CreateAsync());

        var admin = TestUser.Admin();
        Assert.Equal(admin.Id, (await service.As(admin).CreateAsync()).Author);
    }

    [Fact]
    public async Task Calls_without_a_valid_token_are_unauthenticated()
    {
        await Scenario.FailsWith(StatusCode.Unauthenticated, service.As(null).ListCategoriesAsync(new ListCategoriesRequest()));
        await Scenario.FailsWith(StatusCode.Unauthenticated, service.As(new TestUser("x", "not-a-jwt")).CreateAsync());
    }

    [Fact]
    public async Task Categories_come_from_configuration_in_order()
    {
        var response = await service.As(TestUser.Submitter()).ListCategoriesAsync(new ListCategoriesRequest());

        Assert.Equal(["product", "process", "technology", "customer-experience", "cost-saving", "workplace", "other"],
            response.Categories.Select(category => category.Id));
        Assert.All(response.Categories, category => Assert.False(string.IsNullOrEmpty(category.DisplayName)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ideas/not-a-uuid")]
    [InlineData("projects/7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    public async Task Malformed_names_are_invalid_arguments(string name)
    {
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(TestUser.Submitter()).GetIdeaAsync(new GetIdeaRequest { Name = name }));
        Assert.Equal(["name"], error.ViolatedFields());
    }

    [Fact]
    public async Task A_missing_idea_is_not_found_with_its_resource_info()
    {
        var name = $"ideas/{Guid.NewGuid()}";

        var error = await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Admin()).GetIdeaAsync(new GetIdeaRequest { Name = name }));

        Assert.Equal("IDEA_NOT_FOUND", error.Reason());
        Assert.Equal(name, error.GetRpcStatus()!.GetDetail<ResourceInfo>()!.ResourceName);
    }
}
