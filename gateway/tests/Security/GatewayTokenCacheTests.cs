using Ideation.Gateway.Security;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// The gateway gets its validated-token cache from the shared AddBearerTokens, once, sized by
/// <c>Gateway:TokenCacheEntries</c> when set and by <c>Auth:CacheEntries</c> otherwise. The cache
/// itself is tested with the shared defaults (Ideation.Ideas.Tests.Unit.ValidatedTokenCacheTests).
/// </summary>
public sealed class GatewayTokenCacheTests
{
    [Fact]
    public void The_gateway_validates_every_bearer_token_through_exactly_one_cache()
    {
        var jwt = GatewayJwtOptions(tokenCacheEntries: 16, []);

        Assert.IsType<ValidatedTokenCache>(Assert.Single(jwt.TokenHandlers));
    }

    [Fact]
    public void The_gateways_own_setting_of_zero_turns_the_cache_off()
    {
        var jwt = GatewayJwtOptions(tokenCacheEntries: 0, []);

        Assert.IsType<JsonWebTokenHandler>(Assert.Single(jwt.TokenHandlers));
    }

    [Fact]
    public void Without_the_gateways_own_setting_the_shared_one_applies()
    {
        Assert.IsType<ValidatedTokenCache>(Assert.Single(GatewayJwtOptions(tokenCacheEntries: null, []).TokenHandlers));
        Assert.IsType<JsonWebTokenHandler>(Assert.Single(GatewayJwtOptions(tokenCacheEntries: null, [new("Auth:CacheEntries", "0")]).TokenHandlers));
    }

    [Fact]
    public void The_gateways_own_setting_wins_over_the_shared_one()
    {
        var jwt = GatewayJwtOptions(tokenCacheEntries: 16, [new("Auth:CacheEntries", "0")]);

        Assert.IsType<ValidatedTokenCache>(Assert.Single(jwt.TokenHandlers));
    }

    /// <summary>The bearer options exactly as the gateway configures them, with the test key.</summary>
    private static JwtBearerOptions GatewayJwtOptions(int? tokenCacheEntries, KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([.. TestIdentity.Configuration, .. settings]).Build();
        var services = new ServiceCollection().AddLogging().AddGatewayAuthentication(configuration, tokenCacheEntries);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }
}
