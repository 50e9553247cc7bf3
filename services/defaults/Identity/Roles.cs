namespace Ideation.ServiceDefaults.Identity;

/// <summary>Role names carried in the token's <c>roles</c> claim.</summary>
public static class Roles
{
    public const string ClaimType = "roles";
    public const string Submitter = "submitter";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    /// <summary>The platform's scanning service identity: no user holds it.</summary>
    public const string Scanner = "scanner";
}
