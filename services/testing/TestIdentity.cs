using Ideation.ServiceDefaults.Identity;

namespace Ideation.Testing;

/// <summary>Token settings and ready-made users for tests; the key is a test-only value.</summary>
public static class TestIdentity
{
    public static readonly TokenOptions Options = new()
    {
        Issuer = "https://identity.ideation.test",
        Audience = "ideation-api",
        SigningKey = "test-signing-key-used-only-by-the-test-suite-0123456789",
    };

    /// <summary>Configuration entries that make a host validate the tokens minted here.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Configuration =>
    [
        new("Auth:Issuer", Options.Issuer),
        new("Auth:Audience", Options.Audience),
        new("Auth:SigningKey", Options.SigningKey),
    ];

    public static string Token(string userId, params string[] roles) =>
        TokenIssuer.Issue(Options, userId, $"User {userId}", roles, TimeSpan.FromHours(1));

    public static string Submitter(string userId = "alice") => Token(userId, Roles.Submitter);
    public static string Reviewer(string userId = "rita") => Token(userId, Roles.Reviewer);
    public static string Admin(string userId = "ada") => Token(userId, Roles.Admin);
}
