using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>
/// Mints HS256 tokens with the configured key. Production tokens come from the company's identity
/// provider; this serves local runs (printed tokens) and tests.
/// </summary>
public static class TokenIssuer
{
    public static string Issue(TokenOptions options, string userId, string displayName, IEnumerable<string> roles, TimeSpan lifetime) =>
        Issue(options, userId, displayName, roles, lifetime, DateTime.UtcNow);

    /// <summary>Mints a token valid from <paramref name="now"/>: for a service that keeps time through a TimeProvider.</summary>
    public static string Issue(TokenOptions options, string userId, string displayName, IEnumerable<string> roles, TimeSpan lifetime, DateTime now)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["name"] = displayName,
            [Roles.ClaimType] = roles.ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    internal static SymmetricSecurityKey SigningKey(TokenOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));
}
