using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>Bearer-token validation shared by the gateway and every service (each validates on its own).</summary>
public static class AuthenticationSetup
{
    /// <summary>Tokens larger than this are refused before any parsing work.</summary>
    public const int MaximumTokenBytes = 8 * 1024;

    public static AuthenticationBuilder AddBearerTokens(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions();
        // Fail at startup, in every environment, rather than run with a guessable or missing key.
        options.Validate();
        services.AddSingleton(options);

        var builder = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        builder.AddJwtBearer(jwt =>
        {
            // Keep claim names as issued ("sub", "name", "roles") instead of legacy XML claim URIs.
            jwt.MapInboundClaims = false;
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MaximumTokenSizeInBytes = MaximumTokenBytes });
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
