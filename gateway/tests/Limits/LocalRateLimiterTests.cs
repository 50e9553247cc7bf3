using System.Net;
using Ideation.Gateway.Limits;

namespace Ideation.Gateway.Tests.Limits;

/// <summary>GCRA's arithmetic, as the Redis script and the local fallback both apply it, on a clock the test moves.</summary>
public sealed class LocalRateLimiterTests
{
    private static readonly RateLimit TwoPerSecondBurstFour = new() { RequestsPerSecond = 2, Burst = 4 };

    private readonly ManualTime _clock = new();

    [Fact]
    public void A_burst_is_allowed_at_once_then_one_request_per_interval()
    {
        var limiter = new LocalRateLimiter(100, _clock);
        LimitedKey[] keys = [Key("user-a", TwoPerSecondBurstFour)];

        var burst = Enumerable.Range(0, 4).Select(_ => limiter.Decide(keys)).ToList();
        var refused = limiter.Decide(keys);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        var stillRefused = limiter.Decide(keys);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var allowedAgain = limiter.Decide(keys);

        Assert.All(burst, decision => Assert.True(decision.Allowed));
        Assert.Equal(LimitKind.User, refused.RefusedBy);
        Assert.Equal(TimeSpan.FromMilliseconds(500), refused.RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(1), stillRefused.RetryAfter);
        Assert.True(allowedAgain.Allowed);
    }

    [Fact]
    public void A_refusal_by_one_limit_spends_nothing_from_the_other()
    {
        var limiter = new LocalRateLimiter(100, _clock);
        var address = Key("address", new RateLimit { RequestsPerSecond = 1, Burst = 2 }, LimitKind.ClientAddress);
        var user = Key("user-b", new RateLimit { RequestsPerSecond = 1, Burst = 1 });

        Assert.True(limiter.Decide([address, user]).Allowed);
        Assert.Equal(LimitKind.User, limiter.Decide([address, user]).RefusedBy);

        // The address spent one of two: a request of another user from it is still allowed.
        Assert.True(limiter.Decide([address, Key("user-c", new RateLimit { RequestsPerSecond = 1, Burst = 1 })]).Allowed);
    }

    [Fact]
    public void The_local_share_scales_rate_and_burst()
    {
        var share = Gcra.From(new RateLimit { RequestsPerSecond = 10, Burst = 6 }, 0.5);

        Assert.Equal(200_000, share.IntervalMicros);
        Assert.Equal(2 * 200_000, share.ToleranceMicros);
    }

    [Fact]
    public void In_full_it_applies_the_shared_limit_and_otherwise_the_replica_s_share()
    {
        var limiter = new LocalRateLimiter(100, _clock);
        var limit = new RateLimit { RequestsPerSecond = 1, Burst = 4 };
        LimitedKey[] alone = [new(LimitKind.User, "alone", Gcra.From(limit), Gcra.From(limit, 0.5))];
        LimitedKey[] replica = [new(LimitKind.User, "replica", Gcra.From(limit), Gcra.From(limit, 0.5))];

        var inFull = Enumerable.Range(0, 5).Count(_ => limiter.Decide(alone, inFull: true).Allowed);
        var asShare = Enumerable.Range(0, 5).Count(_ => limiter.Decide(replica).Allowed);

        Assert.Equal(4, inFull);
        Assert.Equal(2, asShare);
    }

    [Fact]
    public void Stays_within_its_entries_by_forgetting_clients_whose_allowance_is_full_again()
    {
        var limiter = new LocalRateLimiter(3, _clock);
        var limit = new RateLimit { RequestsPerSecond = 1, Burst = 1 };

        for (var i = 0; i < 3; i++)
        {
            limiter.Decide([Key($"early-{i}", limit)]);
        }

        _clock.Advance(TimeSpan.FromSeconds(2));
        limiter.Decide([Key("late", limit)]);

        Assert.Equal(1, limiter.Count);
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void Counts_ipv4_by_address_and_ipv6_by_its_64_bit_network(string address, string counted)
    {
        Assert.Equal(counted, RateLimitMiddleware.ClientAddress(IPAddress.Parse(address)));
    }

    private static LimitedKey Key(string key, RateLimit limit, LimitKind kind = LimitKind.User) =>
        new(kind, key, Gcra.From(limit), Gcra.From(limit));

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
