using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;
using Ideation.Documents.Pipeline;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The claim rules on their own: which claim is done, in progress, given up or granted.</summary>
public sealed class ScanClaimsTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static DocumentRecord Owed(long generation = 1, long verdictGeneration = 0) => new()
    {
        ScanGeneration = generation,
        VerdictGeneration = verdictGeneration,
        ScanState = ScanState.Pending,
    };

    [Fact]
    public void A_missing_document_is_done() =>
        Assert.Equal(ClaimDecision.Done, ScanClaims.Decide(null, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));

    [Theory]
    [InlineData(2, 0, 1)]
    [InlineData(2, 0, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 2)]
    public void A_generation_that_is_not_owed_a_verdict_is_done(long scanGeneration, long verdictGeneration, long claimed) =>
        Assert.Equal(ClaimDecision.Done, ScanClaims.Decide(Owed(scanGeneration, verdictGeneration), claimed, "a", Now, maxClaims: 5, maxDeferrals: 20));

    [Fact]
    public void A_live_lease_of_another_scanner_is_in_progress()
    {
        var document = Owed();
        document.LeaseExpireTime = Now.AddSeconds(1);
        document.Scanner = "b";

        Assert.Equal(ClaimDecision.InProgress, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "b", Now, maxClaims: 5, maxDeferrals: 20));
    }

    [Fact]
    public void A_lease_ending_now_is_over() =>
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(new DocumentRecord { ScanGeneration = 1, LeaseExpireTime = Now, Scanner = "b" }, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));

    [Fact]
    public void Claims_up_to_the_limit_are_granted_and_the_next_gives_up()
    {
        var document = Owed();
        document.ScanAttempts = 4;
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));

        document.ScanAttempts = 5;
        Assert.Equal(ClaimDecision.GiveUp, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));
    }

    [Fact]
    public void Claims_given_back_for_an_outage_do_not_count_towards_the_claim_limit()
    {
        var document = Owed();
        document.ScanAttempts = 9;
        document.ScanDeferrals = 5;
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));

        document.ScanAttempts = 10;
        Assert.Equal(ClaimDecision.GiveUp, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));
        Assert.Equal("claimed 5 times without a verdict", ScanClaims.GiveUpDetail(document, maxDeferrals: 20));
    }

    [Fact]
    public void Deferrals_have_a_limit_of_their_own()
    {
        var document = Owed();
        document.ScanAttempts = 20;
        document.ScanDeferrals = 19;
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));

        document.ScanAttempts = 21;
        document.ScanDeferrals = 20;
        Assert.Equal(ClaimDecision.GiveUp, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5, maxDeferrals: 20));
        Assert.Equal("deferred 20 times because storage or clamd was out of reach", ScanClaims.GiveUpDetail(document, maxDeferrals: 20));
    }

    [Fact]
    public void Only_the_holder_of_the_latest_claim_of_an_owed_scan_may_defer_it()
    {
        var document = Owed();
        ScanClaims.Claim(document, "a", Now, TimeSpan.FromMinutes(10));
        ScanClaims.Claim(document, "a", Now, TimeSpan.FromMinutes(10));

        Assert.True(ScanClaims.CanDefer(document, 1, "a", attempt: 2));
        Assert.False(ScanClaims.CanDefer(document, 1, "a", attempt: 1));
        Assert.False(ScanClaims.CanDefer(document, 1, "b", attempt: 2));
        Assert.False(ScanClaims.CanDefer(document, 2, "a", attempt: 2));
        Assert.False(ScanClaims.CanDefer(null, 1, "a", attempt: 2));

        document.VerdictGeneration = 1;
        Assert.False(ScanClaims.CanDefer(document, 1, "a", attempt: 2));
    }

    [Fact]
    public void A_deferral_ends_the_lease_shows_pending_and_counts_as_queued_now()
    {
        var pending = Owed();
        pending.EnqueueTime = Now.AddHours(-1);
        ScanClaims.Claim(pending, "a", Now, TimeSpan.FromMinutes(10));

        ScanClaims.Defer(pending, Now.AddSeconds(5));

        Assert.Equal((ScanState.Pending, 1, 1, null, null, Now.AddSeconds(5)),
            (pending.ScanState, pending.ScanAttempts, pending.ScanDeferrals, pending.Scanner, pending.LeaseExpireTime, pending.EnqueueTime));
        Assert.False(ScanClaims.CanDefer(pending, 1, "a", attempt: 1));

        var rescan = Owed(generation: 2, verdictGeneration: 1);
        rescan.ScanState = ScanState.Clean;
        ScanClaims.Claim(rescan, "a", Now, TimeSpan.FromMinutes(10));
        ScanClaims.Defer(rescan, Now);
        Assert.Equal(ScanState.Clean, rescan.ScanState);
    }

    [Fact]
    public void A_claim_takes_the_lease_and_shows_scanning_unless_the_document_is_clean()
    {
        var pending = Owed();
        ScanClaims.Claim(pending, "a", Now, TimeSpan.FromMinutes(10));
        Assert.Equal((ScanState.Scanning, 1, "a", Now.AddMinutes(10)), (pending.ScanState, pending.ScanAttempts, pending.Scanner, pending.LeaseExpireTime));

        var rescan = Owed(generation: 2, verdictGeneration: 1);
        rescan.ScanState = ScanState.Clean;
        ScanClaims.Claim(rescan, "a", Now, TimeSpan.FromMinutes(10));
        Assert.Equal(ScanState.Clean, rescan.ScanState);
    }
}
