using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Documents.Paging;

/// <summary>
/// Seals page tokens with an HMAC so that clients can neither forge a cursor nor edit one: a token
/// is opaque bytes plus a MAC, base64url-encoded. Any replica can check any token.
/// </summary>
public sealed class PageTokenProtector
{
    private const byte FormatVersion = 1;
    private const int MacLength = 16;

    private readonly byte[] key;

    /// <summary>
    /// Derives its key from the token signing key, which every replica holds; HKDF with a purpose
    /// label of its own keeps the derived key useless for signing tokens or for other services' cursors.
    /// </summary>
    public PageTokenProtector(TokenOptions tokenOptions) =>
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(tokenOptions.SigningKey), 32,
            salt: [], info: "ideation.documents.page-token.v1"u8.ToArray());

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
