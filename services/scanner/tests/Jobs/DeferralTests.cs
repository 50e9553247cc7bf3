using Ideation.Testing;
using Dependency = Ideation.Contracts.Documents.V1.DeferScanRequest.Types.Dependency;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>
/// A claim that fails because storage or clamd went away is given back (DeferScan), uses up none of the
/// scan's attempts, and the job gets the verdict its content deserves once the dependency is back. The
/// S3 server and clamd are the tests' own, killed after the claim was asked for and before it was granted.
/// </summary>
public sealed class DeferralTests
{
    [Fact]
    public async Task Storage_killed_under_a_claim_defers_it_claims_nothing_while_down_and_the_verdict_comes_after()
    {
        await using var s3 = await LocalServer.StartS3Async();
        // One attempt per job: had the outage counted, the first failure would have been the FAILED verdict.
        var ledger = new ScanLedger { MaxClaims = 1 };
        await using var bed = await JobsTestBed.StartAsync(
            settings =>
            {
                settings.S3 = s3.Url;
                settings.Concurrency = 1;
                settings.MaxAttempts = 1;
            },
            ledger);
        ledger.HoldStartScans();
        var (document, entry) = await bed.SubmitAsync(TestFiles.Eicar());
        await ledger.StartScanArrived.Task.WaitAsync(Eventually.Patience);

        s3.Kill();
        ledger.ReleaseStartScans();

        var deferral = await Eventually.GetAsync(() => Task.FromResult(ledger.DeferralsFor(document).FirstOrDefault()), "the claim was given back");
        Assert.Equal((Dependency.Storage, bed.Settings.Consumer, 1), (deferral.Dependency, deferral.Scanner, deferral.Attempt));
        // Many storage checks (200 ms to 1 s apart) and pending-job resumptions (500 ms): a worker that
        // claimed while storage is down would have claimed again by now.
        var claims = ledger.ClaimsFor(document).Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(claims, ledger.ClaimsFor(document).Count);
        Assert.Null(ledger.VerdictOf(document));

        await s3.StartAgainAsync();

        Assert.Equal(ScanState.Infected, (await bed.VerdictAsync(document)).Verdict);
        await bed.AcknowledgedAsync(entry);
        Assert.All(ledger.DeferralsFor(document), call => Assert.Equal(Dependency.Storage, call.Dependency));
    }

    [Fact]
    public async Task Clamd_killed_under_a_claim_defers_it_and_the_verdict_comes_once_clamd_is_back()
    {
        await using var clamd = await LocalServer.StartClamdAsync();
        var ledger = new ScanLedger { MaxClaims = 1 };
        await using var bed = await JobsTestBed.StartAsync(
            settings =>
            {
                settings.Clamd = [clamd.Endpoint];
                settings.Concurrency = 1;
                settings.MaxAttempts = 1;
            },
            ledger);
        ledger.HoldStartScans();
        var (document, entry) = await bed.SubmitAsync(TestFiles.Pdf("scanned after the outage"));
        await ledger.StartScanArrived.Task.WaitAsync(Eventually.Patience);

        clamd.Kill();
        ledger.ReleaseStartScans();

        var deferral = await Eventually.GetAsync(() => Task.FromResult(ledger.DeferralsFor(document).FirstOrDefault()), "the claim was given back");
        Assert.Equal((Dependency.Clamd, 1), (deferral.Dependency, deferral.Attempt));
        Assert.Null(ledger.VerdictOf(document));

        await clamd.StartAgainAsync();

        Assert.Equal(ScanState.Clean, (await bed.VerdictAsync(document)).Verdict);
        await bed.AcknowledgedAsync(entry);
        Assert.All(ledger.DeferralsFor(document), call => Assert.Equal(Dependency.Clamd, call.Dependency));
    }
}
