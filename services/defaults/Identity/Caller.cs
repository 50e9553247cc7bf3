using System.Security.Claims;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>The authenticated user behind a call, as the token describes them.</summary>
public sealed record Caller(string UserId, string DisplayName, IReadOnlySet<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Identity.Roles.Admin);

    /// <summary>Admins hold every reviewer right.</summary>
    public bool IsReviewer => IsAdmin || Roles.Contains(Identity.Roles.Reviewer);

    public bool IsSubmitter => IsAdmin || Roles.Contains(Identity.Roles.Submitter);

    public static Caller From(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue("sub")
            ?? throw new InvalidOperationException("An authenticated principal always has a sub claim.");
        var displayName = principal.FindFirstValue("name") ?? userId;
        var roles = principal.FindAll(Identity.Roles.ClaimType).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(userId, displayName, roles);
    }
}
