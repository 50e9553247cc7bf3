using Ideation.Gateway.Security;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// The validated-token cache saves re-validating a repeated token and must never let through a token
/// a full validation would refuse: another key, a changed byte, an expired lifetime.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly JwtBearerOptions Jwt = GatewayJwtOptions();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void The_gateway_validates_every_bearer_token_through_the_cache()
    {
        Assert.IsType<ValidatedTokenCache>(Assert.Single(Jwt.TokenHandlers));
    }

    [Fact]
    public async Task A_valid_token_is_remembered_and_answered_from_memory()
    {
        var cache = NewCache(capacity: 8);
        var token = TestIdentity.Submitter("cache-1");

        var first = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);
        var second = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);

        Assert.True(first.IsValid);
        Assert.Same(first, second);
        Assert.Equal("cache-1", second.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_lifetime_and_the_clock_skew_are_over()
    {
        var cache = NewCache(capacity: 8);
        var token = TestIdentity.Submitter("cache-2");
        var expires = (await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters)).SecurityToken.ValidTo;

        _clock.Now = expires + Jwt.TokenValidationParameters.ClockSkew - TimeSpan.FromSeconds(1);
        Assert.True((await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters)).IsValid);

        _clock.Now = expires + Jwt.TokenValidationParameters.ClockSkew + TimeSpan.FromSeconds(1);
        var late = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);

        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_while_a_genuine_one_is_remembered()
    {
        var cache = NewCache(capacity: 8);
        Assert.True((await cache.ValidateTokenAsync(TestIdentity.Admin("cache-3"), Jwt.TokenValidationParameters)).IsValid);
        var forged = TokenIssuer.Issue(
            new TokenOptions { Issuer = TestIdentity.Options.Issuer, Audience = TestIdentity.Options.Audience, SigningKey = "another-key-that-the-gateway-does-not-know-0123456789" },
            "cache-3", "User cache-3", [Roles.Admin], TimeSpan.FromHours(1));

        var result = await cache.ValidateTokenAsync(forged, Jwt.TokenValidationParameters);

        Assert.False(result.IsValid);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_remembered_token_with_one_character_changed_is_validated_again_and_refused()
    {
        var cache = NewCache(capacity: 8);
        var token = TestIdentity.Submitter("cache-4");
        Assert.True((await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters)).IsValid);
        var payloadStart = token.IndexOf('.', StringComparison.Ordinal) + 1;
        var tampered = string.Concat(token.AsSpan(0, payloadStart), token[payloadStart] == 'e' ? "f" : "e", token.AsSpan(payloadStart + 1));

        Assert.False((await cache.ValidateTokenAsync(tampered, Jwt.TokenValidationParameters)).IsValid);
    }

    [Fact]
    public async Task Refusals_are_never_remembered()
    {
        var cache = NewCache(capacity: 8);

        Assert.False((await cache.ValidateTokenAsync("not-a-jwt", Jwt.TokenValidationParameters)).IsValid);
        Assert.False((await cache.ValidateTokenAsync("not-a-jwt", Jwt.TokenValidationParameters)).IsValid);
        Assert.Equal(0, cache.Count);
    }

    /// <summary>
    /// Every attack the token handler itself refuses. A token without a subject passes the handler and
    /// is refused after it, on every request, by the bearer events (TokenAttackTests proves that).
    /// </summary>
    public static TheoryData<string> HandlerRefusals =>
        new(AttackTokens.Names.Where(attack => attack is not ("without-subject" or "empty-subject")));

    [Theory]
    [MemberData(nameof(HandlerRefusals))]
    public async Task An_attack_token_is_refused_every_time_and_never_remembered(string attack)
    {
        var cache = NewCache(capacity: 8);
        var token = AttackTokens.Create(attack, "cache-attacked");
        Assert.True((await cache.ValidateTokenAsync(AttackTokens.Genuine("cache-attacked", Roles.Submitter), Jwt.TokenValidationParameters)).IsValid);

        var first = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);
        var second = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.NotNull(second.Exception);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task The_cache_stays_within_its_capacity_and_still_validates_every_token()
    {
        var cache = NewCache(capacity: 3);

        for (var user = 0; user < 10; user++)
        {
            Assert.True((await cache.ValidateTokenAsync(TestIdentity.Submitter($"cache-many-{user}"), Jwt.TokenValidationParameters)).IsValid);
            Assert.InRange(cache.Count, 1, 3);
        }
    }

    [Fact]
    public async Task A_capacity_of_zero_validates_every_request_in_full()
    {
        var cache = NewCache(capacity: 0);
        var token = TestIdentity.Submitter("cache-5");

        var first = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);
        var second = await cache.ValidateTokenAsync(token, Jwt.TokenValidationParameters);

        Assert.True(second.IsValid);
        Assert.NotSame(first, second);
        Assert.Equal(0, cache.Count);
    }

    private ValidatedTokenCache NewCache(int capacity) =>
        new(new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MaximumTokenSizeInBytes = AuthenticationSetup.MaximumTokenBytes }, capacity, _clock);

    /// <summary>The bearer options exactly as the gateway configures them, with the test key.</summary>
    private static JwtBearerOptions GatewayJwtOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestIdentity.Configuration).Build();
        var services = new ServiceCollection().AddLogging().AddGatewayAuthentication(configuration, tokenCacheEntries: 16);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
