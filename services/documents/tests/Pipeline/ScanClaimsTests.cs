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
        Assert.Equal(ClaimDecision.Done, ScanClaims.Decide(null, 1, "a", Now, maxClaims: 5));

    [Theory]
    [InlineData(2, 0, 1)]
    [InlineData(2, 0, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 2)]
    public void A_generation_that_is_not_owed_a_verdict_is_done(long scanGeneration, long verdictGeneration, long claimed) =>
        Assert.Equal(ClaimDecision.Done, ScanClaims.Decide(Owed(scanGeneration, verdictGeneration), claimed, "a", Now, maxClaims: 5));

    [Fact]
    public void A_live_lease_of_another_scanner_is_in_progress()
    {
        var document = Owed();
        document.LeaseExpireTime = Now.AddSeconds(1);
        document.Scanner = "b";

        Assert.Equal(ClaimDecision.InProgress, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5));
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "b", Now, maxClaims: 5));
    }

    [Fact]
    public void A_lease_ending_now_is_over() =>
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(new DocumentRecord { ScanGeneration = 1, LeaseExpireTime = Now, Scanner = "b" }, 1, "a", Now, maxClaims: 5));

    [Fact]
    public void Claims_up_to_the_limit_are_granted_and_the_next_gives_up()
    {
        var document = Owed();
        document.ScanAttempts = 4;
        Assert.Equal(ClaimDecision.Scan, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5));

        document.ScanAttempts = 5;
        Assert.Equal(ClaimDecision.GiveUp, ScanClaims.Decide(document, 1, "a", Now, maxClaims: 5));
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
