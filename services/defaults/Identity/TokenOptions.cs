namespace Ideation.ServiceDefaults.Identity;

/// <summary>How bearer tokens are validated (and, for development, minted). Section <c>Auth</c>.</summary>
public sealed class TokenOptions
{
    public const string Section = "Auth";

    /// <summary>HS256 keys shorter than this are refused: 256 bits is what HS256 needs to be safe.</summary>
    public const int MinimumSigningKeyBytes = 32;

    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";

    /// <summary>Shared HS256 secret. Comes from a secret store outside development, never from the repository.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Tolerated clock difference between token issuer and validator.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many validated tokens a process remembers, so that a caller's repeated token is not
    /// re-validated on every call (see <see cref="ValidatedTokenCache"/>). 0 validates every request
    /// in full. Each entry holds the token and its claims: a few kilobytes.
    /// </summary>
    public int CacheEntries { get; set; } = 4096;

    /// <summary>Throws with a message that says what to configure when the options cannot be used safely.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            throw new InvalidOperationException("Auth:Issuer and Auth:Audience must be configured.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(SigningKey) < MinimumSigningKeyBytes)
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey must be at least {MinimumSigningKeyBytes} bytes; set it from a secret (for example the Auth__SigningKey environment variable).");
        }

        if (CacheEntries < 0)
        {
            throw new InvalidOperationException($"Auth:CacheEntries (on the gateway also Gateway:TokenCacheEntries) must be 0, no cache, or more; it is {CacheEntries}.");
        }
    }
}
