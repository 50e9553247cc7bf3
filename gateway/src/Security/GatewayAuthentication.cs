using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Ideation.Gateway.Security;

/// <summary>Every route needs a valid bearer token unless it opts out explicitly (health, OpenAPI).</summary>
public static class GatewayAuthentication
{
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, IConfiguration configuration, int tokenCacheEntries)
    {
        services.AddBearerTokens(configuration);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            // Every request is still authenticated; a token already found valid skips its re-validation.
            var handlers = jwt.TokenHandlers.Select(handler => new ValidatedTokenCache(handler, tokenCacheEntries, TimeProvider.System)).ToList();
            jwt.TokenHandlers.Clear();
            handlers.ForEach(jwt.TokenHandlers.Add);
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
