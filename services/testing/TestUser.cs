using Ideation.ServiceDefaults.Identity;

namespace Ideation.Testing;

/// <summary>A user with a unique id, so that tests sharing a database or a fixture never see each other's ideas as their own.</summary>
public sealed record TestUser(string Id, string Token)
{
    public static TestUser Submitter(string label = "author") => Create(label, Roles.Submitter);
    public static TestUser Reviewer(string label = "reviewer") => Create(label, Roles.Reviewer);
    public static TestUser Admin(string label = "admin") => Create(label, Roles.Admin);
    public static TestUser WithRoles(string label, params string[] roles) => Create(label, roles);

    private static TestUser Create(string label, params string[] roles)
    {
        var id = $"{label}-{Guid.NewGuid():N}"[..(label.Length + 13)];
        return new TestUser(id, TestIdentity.Token(id, roles));
    }
}
