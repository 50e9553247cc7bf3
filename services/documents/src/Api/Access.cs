using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Documents.Api;

/// <summary>
/// Who may change an idea's documents. Reading needs nothing beyond seeing the idea (the ideas
/// service decides that). Changing is for the idea's author while the idea is still open to
/// changes (a draft or submitted), and for admins at any time.
/// </summary>
internal static class Access
{
    public static void RequireAuthorOrAdmin(this Caller caller, Idea idea, string action)
    {
        if (idea.Author != caller.UserId && !caller.IsAdmin)
        {
            throw RpcErrors.PermissionDenied("AUTHOR_ONLY", $"Only the idea's author or an admin can {action}.");
        }
    }

    /// <summary>After <see cref="RequireAuthorOrAdmin"/>: the author only while the idea is a draft or submitted.</summary>
    public static void RequireOpenForChanges(this Caller caller, Idea idea, string action)
    {
        if (!caller.IsAdmin && idea.State is not (Idea.Types.State.Draft or Idea.Types.State.Submitted))
        {
            throw RpcErrors.FailedPrecondition("IDEA_NOT_OPEN_FOR_CHANGES",
                $"Authors can {action} only while the idea is STATE_DRAFT or STATE_SUBMITTED; it is {StateName(idea.State)}.");
        }
    }

    public static void RequireAdmin(this Caller caller, string action)
    {
        if (!caller.IsAdmin)
        {
            throw RpcErrors.PermissionDenied("ADMIN_ROLE_REQUIRED", $"Only admins can {action}.");
        }
    }

    private static string StateName(Idea.Types.State state) =>
        Idea.Descriptor.EnumTypes.Single(type => type.Name == "State").FindValueByNumber((int)state)?.Name ?? state.ToString();
}
