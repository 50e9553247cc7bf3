using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ideation.ServiceDefaults.Identity;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Ideation.Testing;

/// <summary>
/// Bearer tokens that every surface of the platform must refuse as unauthenticated. Each one differs
/// from a genuine token of the test identity in exactly the flaw its case names, and claims the
/// admin role, so that a token accepted by mistake would be allowed to do anything.
/// </summary>
public static class AttackTokens
{
    /// <summary>Beyond the 30 seconds of clock skew a validator tolerates, with room for a slow machine.</summary>
    private static readonly TimeSpan WellBeyondClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>The names of the cases.</summary>
    public static IEnumerable<string> Names => Builders.Keys.Order(StringComparer.Ordinal);

    /// <summary>The cases, for a theory's member data.</summary>
    public static TheoryData<string> Cases => new(Names);

    /// <summary>The token of <paramref name="attack"/> for <paramref name="userId"/>, minted now.</summary>
    public static string Create(string attack, string userId) => Builders[attack](userId);

    /// <summary>
    /// A correctly signed token of about <paramref name="bytes"/> bytes (a padding claim), so that its
    /// size is its only flaw.
    /// </summary>
    public static string Oversized(string userId, int bytes)
    {
        var payload = Payload(userId, Roles.Admin);
        payload["padding"] = new string('p', bytes);
        return Sign(HmacHeader("HS256"), payload, HMACSHA256.HashData);
    }

    private static readonly Dictionary<string, Func<string, string>> Builders = new(StringComparer.Ordinal)
    {
        ["alg-none"] = user => Unsigned(new() { ["alg"] = "none", ["typ"] = "JWT" }, Payload(user, Roles.Admin)),
        ["alg-none-keeping-a-signature"] = user =>
        {
            var genuine = Genuine(user, Roles.Admin).Split('.');
            return $"{Encode(new Dictionary<string, object?> { ["alg"] = "none", ["typ"] = "JWT" })}.{genuine[1]}.{genuine[2]}";
        },
        ["wrong-hmac-key"] = user => Sign(HmacHeader("HS256"), Payload(user, Roles.Admin),
            (key, data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes("a-key-that-the-platform-does-not-know-0123456789"), data)),
        ["rs256-with-a-foreign-key"] = user =>
        {
            using var rsa = RSA.Create(2048);
            return Sign(new() { ["alg"] = "RS256", ["typ"] = "JWT" }, Payload(user, Roles.Admin),
                (_, data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        },
        // The platform's own key, but an algorithm it does not accept: only HS256 is allowed.
        ["hs512-with-the-platform-key"] = user => Sign(HmacHeader("HS512"), Payload(user, Roles.Admin), HMACSHA512.HashData),
        ["expired"] = user => Sign(HmacHeader("HS256"), Payload(user, Roles.Admin, DateTimeOffset.UtcNow - TimeSpan.FromHours(1) - WellBeyondClockSkew), HMACSHA256.HashData),
        ["not-yet-valid"] = user => Sign(HmacHeader("HS256"), Payload(user, Roles.Admin, DateTimeOffset.UtcNow + WellBeyondClockSkew), HMACSHA256.HashData),
        ["without-expiry"] = user => Sign(HmacHeader("HS256"), Without(Payload(user, Roles.Admin), "exp"), HMACSHA256.HashData),
        ["wrong-issuer"] = user => Sign(HmacHeader("HS256"), With(Payload(user, Roles.Admin), "iss", "https://identity.attacker.test"), HMACSHA256.HashData),
        ["wrong-audience"] = user => Sign(HmacHeader("HS256"), With(Payload(user, Roles.Admin), "aud", "another-api"), HMACSHA256.HashData),
        // A submitter's genuine token with its payload edited, its signature kept.
        ["forged-roles-claim"] = user => Edited(Genuine(user, Roles.Submitter), With(Payload(user, Roles.Submitter), "roles", new[] { Roles.Admin, Roles.Reviewer })),
        ["forged-subject"] = user => Edited(Genuine($"{user}-attacker", Roles.Submitter), Payload(user, Roles.Submitter)),
        // Over the 8 KiB the validators read, under the header limits of the servers: refused unparsed.
        ["oversized"] = user => Oversized(user, 12 * 1024),
        ["without-subject"] = user => Sign(HmacHeader("HS256"), Without(Payload(user, Roles.Admin), "sub"), HMACSHA256.HashData),
        ["empty-subject"] = user => Sign(HmacHeader("HS256"), With(Payload(user, Roles.Admin), "sub", ""), HMACSHA256.HashData),
        ["two-parts"] = user => string.Join('.', Genuine(user, Roles.Admin).Split('.').Take(2)),
        ["four-parts"] = user => Genuine(user, Roles.Admin) + ".AAAA",
        ["bad-base64"] = user =>
        {
            var parts = Genuine(user, Roles.Admin).Split('.');
            return $"{parts[0]}.%%not*base64url%%.{parts[2]}";
        },
        ["header-not-json"] = user =>
        {
            var parts = Genuine(user, Roles.Admin).Split('.');
            return $"{Base64UrlEncoder.Encode("{\"alg\":\"HS256\",")}.{parts[1]}.{parts[2]}";
        },
    };

    /// <summary>A genuine token built the same way as the attacks: the control that shows only each flaw is refused.</summary>
    public static string Genuine(string userId, params string[] roles) =>
        Sign(HmacHeader("HS256"), Payload(userId, roles), HMACSHA256.HashData);

    /// <summary>The claims a genuine token of the test identity carries, valid for an hour from <paramref name="from"/>.</summary>
    private static Dictionary<string, object?> Payload(string userId, string role, DateTimeOffset? from = null) => Payload(userId, [role], from);

    private static Dictionary<string, object?> Payload(string userId, string[] roles, DateTimeOffset? from = null)
    {
        var start = (from ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = TestIdentity.Options.Issuer,
            ["aud"] = TestIdentity.Options.Audience,
            ["sub"] = userId,
            ["name"] = $"User {userId}",
            ["roles"] = roles,
            ["iat"] = start,
            ["nbf"] = start,
            ["exp"] = start + 3600,
        };
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> payload, string claim, object? value)
    {
        payload[claim] = value;
        return payload;
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> payload, string claim)
    {
        payload.Remove(claim);
        return payload;
    }

    private static Dictionary<string, object?> HmacHeader(string algorithm) => new() { ["alg"] = algorithm, ["typ"] = "JWT" };

    /// <summary>Signs header and payload; <paramref name="sign"/> gets the platform's key and the signing input.</summary>
    private static string Sign(Dictionary<string, object?> header, Dictionary<string, object?> payload, Func<byte[], byte[], byte[]> sign)
    {
        var input = $"{Encode(header)}.{Encode(payload)}";
        var signature = sign(Encoding.UTF8.GetBytes(TestIdentity.Options.SigningKey), Encoding.ASCII.GetBytes(input));
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Unsigned(Dictionary<string, object?> header, Dictionary<string, object?> payload) => $"{Encode(header)}.{Encode(payload)}.";

    /// <summary>The token with its payload replaced and its header and signature kept.</summary>
    private static string Edited(string token, Dictionary<string, object?> payload)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
    }

    private static string Encode(Dictionary<string, object?> part) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(part));
}
