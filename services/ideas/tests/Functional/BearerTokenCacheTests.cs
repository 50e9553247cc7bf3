using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// A service validates bearer tokens through the shared validated-token cache (AddBearerTokens), and
/// a token a full validation refuses is refused on the service's own port even while a genuine token
/// of the same user is remembered.
/// </summary>
public sealed class BearerTokenCacheTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public void The_service_validates_every_bearer_token_through_exactly_one_cache()
    {
        Assert.IsType<ValidatedTokenCache>(Assert.Single(BearerOptions().TokenHandlers));
    }

    /// <summary>Each differs from the remembered token of the same user: another key, a past lifetime, an edited payload.</summary>
    public static TheoryData<string> Refusals => new("wrong-hmac-key", "expired", "forged-roles-claim");

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_token_stays_refused_after_a_genuine_one_of_the_same_user_was_remembered(string attack)
    {
        var cache = Assert.IsType<ValidatedTokenCache>(Assert.Single(BearerOptions().TokenHandlers));
        var userId = $"cached-{Guid.NewGuid():N}"[..20];
        var genuine = new TestUser(userId, AttackTokens.Genuine(userId, Roles.Submitter));
        await service.As(genuine).ListCategoriesAsync(new ListCategoriesRequest());
        Assert.True(cache.Count > 0, "The genuine token was not remembered.");

        var refused = new TestUser(userId, AttackTokens.Create(attack, userId));
        await Scenario.FailsWith(StatusCode.Unauthenticated, service.As(refused).ListCategoriesAsync(new ListCategoriesRequest()));
        await Scenario.FailsWith(StatusCode.Unauthenticated, service.As(refused).ListCategoriesAsync(new ListCategoriesRequest()));

        // The refusal took nothing away from the remembered token.
        await service.As(genuine).ListCategoriesAsync(new ListCategoriesRequest());
    }

    private JwtBearerOptions BearerOptions() =>
        service.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
}
