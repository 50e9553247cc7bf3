using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Ideation.Gateway.Security;

/// <summary>Every route needs a valid bearer token unless it opts out explicitly (health, OpenAPI).</summary>
public static class GatewayAuthentication
{
    /// <param name="tokenCacheEntries">
    /// <c>Gateway:TokenCacheEntries</c>: when set, the size of the validated-token cache that
    /// AddBearerTokens puts in front of the token handler, instead of <c>Auth:CacheEntries</c>.
    /// </param>
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, IConfiguration configuration, int? tokenCacheEntries)
    {
        services.AddBearerTokens(configuration, tokens => tokens.CacheEntries = tokenCacheEntries ?? tokens.CacheEntries);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            // Only the challenge is the gateway's own (REST or gRPC, in the caller's protocol); the
            // shared checks of a validated token (AddBearerTokens) stay in place.
            jwt.Events.OnChallenge = context =>
            {
                context.HandleResponse();
                var message = context.AuthenticateFailure is null
                    ? "A bearer token is required: send the header 'Authorization: Bearer <token>'."
                    : "The bearer token is invalid or expired; obtain a new one.";
                return UnauthenticatedResponse.WriteAsync(context.HttpContext, message);
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
