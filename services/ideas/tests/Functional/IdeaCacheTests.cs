using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>GetIdea through the Redis cache-aside: what it serves, when it forgets, and who sees what.</summary>
public sealed class IdeaCacheTests(CachedIdeasFixture service) : IClassFixture<CachedIdeasFixture>
{
    private static GetIdeaRequest Get(Idea idea) => new() { Name = idea.Name };

    [Fact]
    public async Task A_miss_fills_the_cache_and_the_next_read_is_served_from_it()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync(title: "Cached title");
        Assert.Equal((0L, false), await service.EntryAsync(idea.Name));

        Assert.Equal(idea, await service.As(author).GetIdeaAsync(Get(idea)));
        Assert.Equal((1L, true), await service.EntryAsync(idea.Name));

        // Changed behind the service's back: only a read served from the cache still shows the old title.
        await using (var db = new IdeasDbContext(IdeasDbContext.CreateOptions(service.ConnectionString)))
        {
            var id = Guid.Parse(idea.Name["ideas/".Length..]);
            await db.Database.ExecuteSqlAsync($"UPDATE ideas SET title = 'Changed in SQL' WHERE id = {id}");
        }

        Assert.Equal("Cached title", (await service.As(author).GetIdeaAsync(Get(idea))).Title);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("submit")]
    [InlineData("start_review")]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("implement")]
    [InlineData("withdraw")]
    public async Task Every_change_invalidates_and_the_next_read_has_the_new_etag(string change)
    {
        var author = TestUser.Submitter();
        var reviewer = TestUser.Reviewer();
        var before = change switch
        {
            "start_review" => State.Submitted,
            "approve" or "reject" => State.UnderReview,
            "implement" => State.Approved,
            _ => State.Draft,
        };
        var idea = await Scenario.InStateAsync(service, author, before);
        var cached = await service.As(author).GetIdeaAsync(Get(idea));
        Assert.Equal((long.Parse(cached.Etag), true), await service.EntryAsync(idea.Name));

        var changed = change switch
        {
            "update" => await service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
            {
                Idea = new Idea { Name = idea.Name, Title = "A new title", Etag = cached.Etag },
                UpdateMask = new FieldMask { Paths = { "title" } },
            }),
            "submit" => await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name }),
            "start_review" => await service.As(reviewer).StartReviewAsync(new StartReviewRequest { Name = idea.Name }),
            "approve" => await service.As(reviewer).ApproveIdeaAsync(new ApproveIdeaRequest { Name = idea.Name }),
            "reject" => await service.As(reviewer).RejectIdeaAsync(new RejectIdeaRequest { Name = idea.Name, Reason = "Not now" }),
            "implement" => await service.As(reviewer).ImplementIdeaAsync(new ImplementIdeaRequest { Name = idea.Name }),
            _ => await service.As(author).WithdrawIdeaAsync(new WithdrawIdeaRequest { Name = idea.Name }),
        };

        Assert.NotEqual(cached.Etag, changed.Etag);
        // The invalidation left a marker of the new version, with no idea to serve.
        Assert.Equal((long.Parse(changed.Etag), false), await service.EntryAsync(idea.Name));
        Assert.Equal(changed, await service.As(author).GetIdeaAsync(Get(idea)));
        Assert.Equal((long.Parse(changed.Etag), true), await service.EntryAsync(idea.Name));
    }

    [Fact]
    public async Task A_deleted_idea_is_not_served_and_never_cached_again()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        await service.As(author).GetIdeaAsync(Get(idea));

        await service.As(author).DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name });

        await Scenario.FailsWith(StatusCode.NotFound, service.As(author).GetIdeaAsync(Get(idea)));
        Assert.False((await service.EntryAsync(idea.Name)).HasIdea);
    }

    [Fact]
    public async Task Read_update_read_gives_the_new_etag()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        var first = await service.As(author).GetIdeaAsync(Get(idea));

        var updated = await service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = idea.Name, Description = "Rewritten", Etag = first.Etag },
            UpdateMask = new FieldMask { Paths = { "description" } },
        });

        var second = await service.As(author).GetIdeaAsync(Get(idea));
        Assert.Equal(updated.Etag, second.Etag);
        Assert.Equal("Rewritten", second.Description);
    }

    [Fact]
    public async Task A_cached_draft_is_shown_to_its_author_and_admins_only()
    {
        var author = TestUser.Submitter();
        var draft = await service.As(author).CreateAsync();
        await service.As(author).GetIdeaAsync(Get(draft));
        Assert.True((await service.EntryAsync(draft.Name)).HasIdea);

        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Submitter("other")).GetIdeaAsync(Get(draft)));
        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Reviewer()).GetIdeaAsync(Get(draft)));
        Assert.Equal(draft, await service.As(TestUser.Admin()).GetIdeaAsync(Get(draft)));

        // Filled by an admin's read: still nobody else's.
        var another = await service.As(author).CreateAsync();
        await service.As(TestUser.Admin()).GetIdeaAsync(Get(another));
        Assert.True((await service.EntryAsync(another.Name)).HasIdea);
        await Scenario.FailsWith(StatusCode.NotFound, service.As(TestUser.Submitter("other")).GetIdeaAsync(Get(another)));
    }

    [Fact]
    public async Task A_read_that_loaded_the_old_version_before_an_update_does_not_cache_it()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        var id = Guid.Parse(idea.Name["ideas/".Length..]);
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Cache.BeforeFill = async filling =>
        {
            if (filling == id)
            {
                loaded.TrySetResult();
                await release.Task;
            }
        };

        try
        {
            // The read misses, loads version 1 from PostgreSQL and waits before storing it ...
            var read = service.As(author).GetIdeaAsync(Get(idea)).ResponseAsync;
            await loaded.Task;

            // ... while an update commits version 2 and invalidates ...
            var updated = await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name });

            // ... then the read stores what it loaded: refused, the marker is newer.
            release.SetResult();
            Assert.Equal(idea.Etag, (await read).Etag);
            Assert.Equal((long.Parse(updated.Etag), false), await service.EntryAsync(idea.Name));

            service.Cache.BeforeFill = null;
            Assert.Equal(updated, await service.As(author).GetIdeaAsync(Get(idea)));
        }
        finally
        {
            service.Cache.BeforeFill = null;
        }
    }

    [Fact]
    public async Task With_Redis_down_reads_and_changes_are_served_from_PostgreSQL()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        await service.As(author).GetIdeaAsync(Get(idea));

        service.RedisServer.Kill();
        try
        {
            Assert.Equal(idea, await service.As(author).GetIdeaAsync(Get(idea)));
            var submitted = await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name });
            Assert.Equal(submitted, await service.As(TestUser.Reviewer()).GetIdeaAsync(Get(idea)));

            // Readiness does not depend on the cache.
            using var management = service.ManagementClient();
            Assert.True((await management.GetAsync("/ready")).IsSuccessStatusCode);
        }
        finally
        {
            await service.RestartRedisAsync();
        }
    }
}
