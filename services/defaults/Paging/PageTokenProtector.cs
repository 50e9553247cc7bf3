using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Ideation.ServiceDefaults.Identity;

using Microsoft.Extensions.DependencyInjection;

namespace Ideation.ServiceDefaults.Paging;

/// <summary>
/// Seals page tokens with an HMAC so that clients can neither forge a cursor nor edit one: a token
/// is opaque bytes plus a MAC, base64url-encoded. Any replica can check any token. Each service
/// seals with a key of its own purpose, so one service's cursors mean nothing to another.
/// </summary>
public sealed class PageTokenProtector
{
    private const byte FormatVersion = 1;
    private const int MacLength = 16;

    private readonly byte[] key;

    /// <summary>
    /// Derives its key from the token signing key: every replica already holds that secret, and HKDF
    /// with the purpose label (for example <c>ideation.ideas.page-token.v1</c>) keeps the derived key
    /// useless for signing tokens and for other services' cursors.
    /// </summary>
    public PageTokenProtector(TokenOptions tokenOptions, string purpose)
        : this(Encoding.UTF8.GetBytes(tokenOptions.SigningKey), purpose)
    {
    }

    public PageTokenProtector(byte[] secret, string purpose) =>
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    public string Protect(ReadOnlySpan<byte> payload)
    {
        var token = new byte[1 + payload.Length + MacLength];
        token[0] = FormatVersion;
        payload.CopyTo(token.AsSpan(1));
        HMACSHA256.HashData(key, token.AsSpan(0, 1 + payload.Length)).AsSpan(0, MacLength).CopyTo(token.AsSpan(1 + payload.Length));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Returns the payload of a token this protector issued with exactly that payload length, or null.</summary>
    public byte[]? Unprotect(string token, int payloadLength)
    {
        var tokenLength = 1 + payloadLength + MacLength;
        if (token.Length != Base64Url.GetEncodedLength(tokenLength) || !Base64Url.IsValid(token))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        // Base64 lets several strings decode to the same bytes; only the canonical one is ours.
        if (bytes.Length != tokenLength || bytes[0] != FormatVersion || Base64Url.EncodeToString(bytes) != token)
        {
            return null;
        }

        var mac = HMACSHA256.HashData(key, bytes.AsSpan(0, 1 + payloadLength));
        return CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, MacLength), bytes.AsSpan(1 + payloadLength))
            ? bytes[1..(1 + payloadLength)]
            : null;
    }
}

/// <summary>Registers the service's <see cref="PageTokenProtector"/>.</summary>
public static class PageTokenRegistration
{
    public static IServiceCollection AddPageTokens(this IServiceCollection services, string purpose) =>
        services.AddSingleton(provider => new PageTokenProtector(provider.GetRequiredService<TokenOptions>(), purpose));
}
