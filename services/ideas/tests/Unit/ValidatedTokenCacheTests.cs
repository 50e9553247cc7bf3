using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>
/// The validated-token cache of the shared defaults (every service and the gateway) saves
/// re-validating a repeated token and must never let through a token a full validation would refuse:
/// another key, a changed byte, an expired lifetime.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly JwtBearerOptions Jwt = BearerOptions([]);
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Every_bearer_token_is_validated_through_the_cache()
    {
        Assert.IsType<ValidatedTokenCache>(Assert.Single(Jwt.TokenHandlers));
    }

    [Fact]
    public void A_cache_of_zero_entries_leaves_the_token_handler_alone()
    {
        var jwt = BearerOptions([new("Auth:CacheEntries", "0")]);

        Assert.IsType<JsonWebTokenHandler>(Assert.Single(jwt.TokenHandlers));
    }

    [Fact]
    public void A_negative_cache_size_is_refused_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BearerOptions([new("Auth:CacheEntries", "-1")]));

        Assert.Contains("Auth:CacheEntries", error.Message, StringComparison.Ordinal);
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
    /// is refused after it, on every request, by the bearer events (the gateway's and the scanner's TokenAttackTests prove that).
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
        new(new JsonWebTokenHandler { MaximumTokenSizeInBytes = AuthenticationSetup.MaximumTokenBytes }, capacity, _clock);

    /// <summary>The bearer options exactly as AddBearerTokens configures them, with the test key and <paramref name="settings"/>.</summary>
    private static JwtBearerOptions BearerOptions(KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([.. TestIdentity.Configuration, .. settings]).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBearerTokens(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
