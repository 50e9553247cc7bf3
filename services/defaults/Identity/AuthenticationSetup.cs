using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>Bearer-token validation shared by the gateway and every service (each validates on its own).</summary>
public static class AuthenticationSetup
{
    /// <summary>Tokens larger than this are refused before any parsing work.</summary>
    public const int MaximumTokenBytes = 8 * 1024;

    /// <param name="adjust">
    /// Changes a host makes to the settings read from <c>Auth</c> before they are checked (the gateway
    /// applies its own <c>Gateway:TokenCacheEntries</c> this way).
    /// </param>
    public static AuthenticationBuilder AddBearerTokens(this IServiceCollection services, IConfiguration configuration, Action<TokenOptions>? adjust = null)
    {
        var options = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions();
        adjust?.Invoke(options);
        // Fail at startup, in every environment, rather than run with a guessable or missing key.
        options.Validate();
        services.AddSingleton(options);

        var builder = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        builder.AddJwtBearer(jwt =>
        {
            // Keep claim names as issued ("sub", "name", "roles") instead of legacy XML claim URIs.
            jwt.MapInboundClaims = false;
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(NewTokenHandler(options.CacheEntries));
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = TokenIssuer.SigningKey(options),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = "name",
                RoleClaimType = Roles.ClaimType,
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = RequireSubject,
                OnChallenge = GrpcAuthenticationRefusals.ChallengeAsync,
                OnForbidden = GrpcAuthenticationRefusals.ForbiddenAsync,
            };
        });
        services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Every request is still authenticated; a token already found valid skips its re-validation
    /// (parsing, HMAC, claims), unless the cache is off.
    /// </summary>
    private static TokenHandler NewTokenHandler(int cacheEntries)
    {
        var handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = MaximumTokenBytes };
        return cacheEntries > 0 ? new ValidatedTokenCache(handler, cacheEntries, TimeProvider.System) : handler;
    }

    /// <summary>
    /// A token acts for a user: without a subject there is no one to own or check anything against,
    /// so it is refused like any other invalid token (and never reaches code that needs the caller).
    /// </summary>
    private static Task RequireSubject(TokenValidatedContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst("sub")?.Value))
        {
            context.Fail("The bearer token names no subject (sub claim).");
        }

        return Task.CompletedTask;
    }
}
