using Ideation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Kind = Ideation.Contracts.Ideas.V1.IdeaEvent.Types.Kind;
using State = Ideation.Contracts.Ideas.V1.Idea.Types.State;

namespace Ideation.Ideas.Tests.Functional;

public sealed class HistoryTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task Every_change_is_recorded_with_who_when_from_to_reason_and_fields()
    {
        var author = TestUser.Submitter();
        var reviewer = TestUser.Reviewer();
        var created = await service.As(author).CreateAsync(title: "Original", tags: ["a"]);
        await service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = created.Name, Title = "Edited", Description = created.Description, Category = "product", Tags = { "a" } },
        });
        await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = created.Name });
        await service.As(reviewer).StartReviewAsync(new StartReviewRequest { Name = created.Name });
        await service.As(reviewer).ApproveIdeaAsync(new ApproveIdeaRequest { Name = created.Name, Reason = "Good value" });
        var implemented = await service.As(reviewer).ImplementIdeaAsync(new ImplementIdeaRequest { Name = created.Name });

        var events = (await service.As(TestUser.Submitter()).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = created.Name })).Events;

        Assert.Equal(
            [
                (Kind.Created, author.Id, State.Unspecified, State.Draft, "", ""),
                (Kind.Edited, author.Id, State.Draft, State.Draft, "", "title,category"),
                (Kind.StateChanged, author.Id, State.Draft, State.Submitted, "", ""),
                (Kind.StateChanged, reviewer.Id, State.Submitted, State.UnderReview, "", ""),
                (Kind.StateChanged, reviewer.Id, State.UnderReview, State.Approved, "Good value", ""),
                (Kind.StateChanged, reviewer.Id, State.Approved, State.Implemented, "", ""),
            ],
            events.Select(e => (e.Kind, e.Actor, e.FromState, e.ToState, e.Reason, string.Join(',', e.ChangedFields))));
        Assert.All(events, e => Assert.Equal($"User {e.Actor}", e.ActorDisplayName));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"{created.Name}/events/{i}"), events.Select(e => e.Name));
        Assert.Equal(events.Select(e => e.CreateTime.ToDateTime()).Order(), events.Select(e => e.CreateTime.ToDateTime()));
        Assert.Equal(created.CreateTime, events[0].CreateTime);
        Assert.Equal(implemented.UpdateTime, events[^1].CreateTime);
        // One event per version: the etag counts the recorded changes.
        Assert.Equal(events.Count.ToString(), implemented.Etag);
    }

    [Fact]
    public async Task Refused_changes_leave_no_trace()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();

        await Scenario.FailsWith(StatusCode.FailedPrecondition, service.As(TestUser.Admin()).ApproveIdeaAsync(new ApproveIdeaRequest { Name = idea.Name }));
        await Scenario.FailsWith(StatusCode.InvalidArgument, service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
        {
            Idea = new Idea { Name = idea.Name, Title = "" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }));

        Assert.Single((await service.As(author).ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name })).Events);
    }

    [Fact]
    public async Task History_pages_follow_each_other_for_one_idea_only()
    {
        var author = TestUser.Submitter();
        var idea = await service.As(author).CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await service.As(author).UpdateIdeaAsync(new UpdateIdeaRequest
            {
                Idea = new Idea { Name = idea.Name, Title = $"Version {i}" },
                UpdateMask = new FieldMask { Paths = { "title" } },
            });
        }

        var client = service.As(author);
        var first = await client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name, PageSize = 2 });
        var second = await client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name, PageSize = 2, PageToken = first.NextPageToken });
        var third = await client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name, PageSize = 2, PageToken = second.NextPageToken });

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{idea.Name}/events/{i}"),
            first.Events.Concat(second.Events).Concat(third.Events).Select(e => e.Name));
        Assert.Empty(third.NextPageToken);
        Assert.Equal(5, (await client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name, PageSize = 1_000 })).Events.Count);

        var otherIdea = await client.CreateAsync();
        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = otherIdea.Name, PageToken = first.NextPageToken }));
        Assert.Equal(["page_token"], error.ViolatedFields());
        await Scenario.FailsWith(StatusCode.InvalidArgument,
            client.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea.Name, PageToken = first.NextPageToken[..^3] + "abc" }));
    }
}
