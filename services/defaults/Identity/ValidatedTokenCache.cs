using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>
/// Remembers the bearer tokens the inner handler found valid, keyed by the raw token, so that a client
/// sending the same token on every call pays for its signature check, parsing and claims once rather
/// than per request (the gateway's costliest step after TLS and forwarding, and the same work in
/// every service that validates the token again on its own port).
/// </summary>
/// <remarks>
/// Only a byte-identical token hits: a token with another signature, key or payload is a different
/// key and is validated in full, and refusals are never remembered. A remembered token is answered
/// only while its lifetime (plus the configured clock skew) lasts; past it the cache refuses it as
/// expired, as a full validation would. The entries are bounded: when full, expired ones are dropped,
/// and if that frees nothing the cache starts over. One instance serves one set of validation
/// parameters, the process's own, which never change while it runs.
/// </remarks>
public sealed class ValidatedTokenCache(TokenHandler inner, int capacity, TimeProvider clock) : TokenHandler
{
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    /// <summary>Tokens remembered now (for tests: the cache must stay within its capacity).</summary>
    public int Count => _valid.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var remembered))
        {
            if (IsUnexpired(remembered.SecurityToken, validationParameters))
            {
                return remembered;
            }

            _valid.TryRemove(token, out _);
            return Expired(remembered.SecurityToken);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && capacity > 0)
        {
            Remember(token, result);
        }

        return result;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        inner.ValidateTokenAsync(token, validationParameters);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private void Remember(string token, TokenValidationResult result)
    {
        // The identity is built lazily on first use: build it now, once, before requests share it.
        _ = result.ClaimsIdentity;
        if (_valid.Count >= capacity)
        {
            foreach (var (key, entry) in _valid)
            {
                if (!IsUnexpired(entry.SecurityToken, null))
                {
                    _valid.TryRemove(key, out _);
                }
            }

            if (_valid.Count >= capacity)
            {
                _valid.Clear();
            }
        }

        _valid.TryAdd(token, result);
    }

    private bool IsUnexpired(SecurityToken token, TokenValidationParameters? parameters) =>
        clock.GetUtcNow().UtcDateTime < token.ValidTo + (parameters?.ClockSkew ?? TimeSpan.Zero);

    private static TokenValidationResult Expired(SecurityToken token) => new()
    {
        IsValid = false,
        Exception = new SecurityTokenExpiredException($"The token expired at {token.ValidTo:O}.") { Expires = token.ValidTo },
    };
}
