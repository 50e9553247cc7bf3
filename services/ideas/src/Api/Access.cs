using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Persistence;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Ideas.Api;

/// <summary>Who sees and who may change which idea.</summary>
internal static class Access
{
    /// <summary>Drafts are private to their author (and admins); everything else is visible to every signed-in user.</summary>
    public static bool CanSee(this Caller caller, IdeaRecord idea) => caller.CanSee(idea.State == IdeaState.Draft, idea.Author);

    /// <summary>The same rule for an idea read from the cache.</summary>
    public static bool CanSee(this Caller caller, Idea idea) => caller.CanSee(idea.State == Idea.Types.State.Draft, idea.Author);

    private static bool CanSee(this Caller caller, bool draft, string author) => !draft || author == caller.UserId || caller.IsAdmin;

    /// <summary>The same rule as <see cref="CanSee"/>, as SQL, so that lists never load what they must not show.</summary>
    public static IQueryable<IdeaRecord> VisibleTo(this IQueryable<IdeaRecord> ideas, Caller caller) =>
        caller.IsAdmin ? ideas : ideas.Where(idea => idea.State != IdeaState.Draft || idea.Author == caller.UserId);

    public static void RequireSubmitter(this Caller caller)
    {
        if (!caller.IsSubmitter)
        {
            throw RpcErrors.PermissionDenied("SUBMITTER_ROLE_REQUIRED", "Creating ideas needs the submitter role.");
        }
    }

    /// <summary>Author actions are open to the author, and to admins, who hold every right.</summary>
    public static void RequireAuthorOrAdmin(this Caller caller, IdeaRecord idea, string action)
    {
        if (idea.Author != caller.UserId && !caller.IsAdmin)
        {
            throw RpcErrors.PermissionDenied("AUTHOR_ONLY", $"Only the idea's author can {action} it.");
        }
    }

    public static void RequireReviewer(this Caller caller, string action)
    {
        if (!caller.IsReviewer)
        {
            throw RpcErrors.PermissionDenied("REVIEWER_ROLE_REQUIRED", $"Only reviewers can {action} an idea.");
        }
    }
}
