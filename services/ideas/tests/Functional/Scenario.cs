using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Errors;
using Ideation.Testing;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>Shortcuts for the steps many tests share, and assertions on rich errors.</summary>
public static class Scenario
{
    /// <summary>A word no other test uses: full-text and similarity tests search for it alone.</summary>
    public static string UniqueWord()
    {
        const string letters = "bcdfghjklmnpqrstvwxz";
        return string.Concat(Enumerable.Range(0, 10).Select(_ => letters[Random.Shared.Next(letters.Length)]));
    }

    /// <summary>A state as the contract names it, for example STATE_UNDER_REVIEW.</summary>
    public static string ProtoName(Idea.Types.State state) =>
        Idea.Descriptor.EnumTypes.Single(type => type.Name == "State").FindValueByNumber((int)state).Name;

    public static string UniqueTag() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static Task<Idea> CreateAsync(this IdeaService.IdeaServiceClient client, string title = "Bike racks at HQ",
        string description = "More racks near the east door", string category = "workplace", params string[] tags) =>
        client.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = title, Description = description, Category = category, Tags = { tags } },
        }).ResponseAsync;

    /// <summary>Takes a fresh draft of <paramref name="author"/> to <paramref name="state"/> along the workflow.</summary>
    public static async Task<Idea> InStateAsync(IdeasServiceFixture service, TestUser author, Idea.Types.State state, string title = "An idea in some state", params string[] tags)
    {
        var reviewer = TestUser.Reviewer();
        var idea = await service.As(author).CreateAsync(title: title, tags: tags);
        var name = idea.Name;
        Idea.Types.State[] path = state switch
        {
            Idea.Types.State.Draft => [],
            Idea.Types.State.Submitted => [Idea.Types.State.Submitted],
            Idea.Types.State.UnderReview => [Idea.Types.State.Submitted, Idea.Types.State.UnderReview],
            Idea.Types.State.Approved => [Idea.Types.State.Submitted, Idea.Types.State.UnderReview, Idea.Types.State.Approved],
            Idea.Types.State.Rejected => [Idea.Types.State.Submitted, Idea.Types.State.UnderReview, Idea.Types.State.Rejected],
            Idea.Types.State.Implemented => [Idea.Types.State.Submitted, Idea.Types.State.UnderReview, Idea.Types.State.Approved, Idea.Types.State.Implemented],
            Idea.Types.State.Withdrawn => [Idea.Types.State.Withdrawn],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };

        foreach (var step in path)
        {
            idea = step switch
            {
                Idea.Types.State.Submitted => await service.As(author).SubmitIdeaAsync(new SubmitIdeaRequest { Name = name }),
                Idea.Types.State.UnderReview => await service.As(reviewer).StartReviewAsync(new StartReviewRequest { Name = name }),
                Idea.Types.State.Approved => await service.As(reviewer).ApproveIdeaAsync(new ApproveIdeaRequest { Name = name }),
                Idea.Types.State.Rejected => await service.As(reviewer).RejectIdeaAsync(new RejectIdeaRequest { Name = name, Reason = "Not now" }),
                Idea.Types.State.Implemented => await service.As(reviewer).ImplementIdeaAsync(new ImplementIdeaRequest { Name = name }),
                _ => await service.As(author).WithdrawIdeaAsync(new WithdrawIdeaRequest { Name = name }),
            };
        }

        Assert.Equal(state, idea.State);
        return idea;
    }

    /// <summary>Awaits a call that must fail with <paramref name="code"/>, and returns the error.</summary>
    public static async Task<RpcException> FailsWith<T>(StatusCode code, AsyncUnaryCall<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    public static async Task<RpcException> FailsWith<T>(StatusCode code, Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    /// <summary>The fields an INVALID_ARGUMENT names in its google.rpc.BadRequest detail.</summary>
    public static string[] ViolatedFields(this RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToArray();

    public static string Reason(this RpcException error) => error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason;
}
