using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Paging;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Ideas.Api;

/// <summary>The validated filters of a ListIdeas request.</summary>
internal sealed record IdeaFilter(IdeaState? State, string? Category, string? Tag, string? Author, string? Query)
{
    public const int MaxQueryLength = 500;

    public static IdeaFilter Parse(ListIdeasRequest request, Caller caller, IdeaValidator validator, FieldViolations violations)
    {
        IdeaState? state = null;
        if (request.State != Idea.Types.State.Unspecified)
        {
            state = IdeaMapper.FromProto(request.State);
            if (state is null)
            {
                violations.Add("state", $"Unknown state {(int)request.State}; use one of the Idea.State values, or leave it unset for any state.");
            }
        }

        string? category = null;
        if (request.Category.Length > 0)
        {
            validator.ValidateCategory(request.Category, "category", violations);
            category = request.Category;
        }

        string? tag = null;
        if (request.Tag.Length > 0)
        {
            tag = IdeaValidator.NormaliseTag(request.Tag);
            if (!IdeaValidator.IsTag(tag))
            {
                violations.Add("tag", IdeaValidator.TagRule(request.Tag));
            }
        }

        var author = request.Author switch
        {
            "" => null,
            "me" => caller.UserId,
            var userId => userId,
        };

        string? query = null;
        if (!string.IsNullOrWhiteSpace(request.Query))
        {
            query = request.Query.Trim();
            var length = Characters.Count(query);
            if (length > MaxQueryLength)
            {
                violations.Add("query", $"Shorten the query to at most {MaxQueryLength} characters; it has {length}.");
            }
        }

        return new IdeaFilter(state, category, tag, author, query);
    }

    /// <summary>What the listing shows to whom: page tokens are valid only within the same scope.</summary>
    public byte[] Scope(Caller caller, IdeaOrder order) =>
        ListingScope.Hash("ideas", caller.UserId, caller.IsAdmin ? "admin" : "", State?.ToString() ?? "", Category ?? "",
            Tag ?? "", Author ?? "", Query ?? "", order.ToString());
}
