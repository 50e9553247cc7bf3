using Ideation.Scanner.Jobs;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ideation.Scanner.Tests.Jobs;

public sealed class ServiceTokenTests
{
    [Fact]
    public void The_token_names_the_scanner_and_is_renewed_at_half_its_lifetime()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var tokens = new ServiceToken(TestIdentity.Options, clock);

        var first = new JsonWebToken(tokens.Current());
        clock.Advance(ServiceToken.Lifetime / 2 - TimeSpan.FromSeconds(1));
        var stillFirst = tokens.Current();
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = new JsonWebToken(tokens.Current());

        Assert.Equal(ServiceToken.Subject, first.Subject);
        Assert.Equal([Roles.Scanner], first.GetPayloadValue<string[]>(Roles.ClaimType));
        Assert.Equal(ServiceToken.Lifetime, first.ValidTo - first.ValidFrom);
        Assert.Equal(first.EncodedToken, stillFirst);
        Assert.Equal(first.ValidFrom + ServiceToken.Lifetime / 2, second.ValidFrom);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
