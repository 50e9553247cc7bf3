using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using static Ideation.Contracts.Documents.V1.ScanAssignment.Types;
using Dependency = Ideation.Contracts.Documents.V1.DeferScanRequest.Types.Dependency;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>
/// DeferScan: a claim the scanner gives back because storage or clamd was out of reach ends its lease
/// and does not count towards the claim limit; deferrals have a limit of their own. Through the real
/// service and database.
/// </summary>
public sealed class DeferScanTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_deferred_claim_ends_the_lease_and_the_document_shows_pending_again()
    {
        var document = await service.StoredDocumentAsync();
        var claim = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var deferral = await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", claim.Attempt));

        Assert.Equal((true, 1), (deferral.Deferred, deferral.Deferrals));
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal((ScanState.Pending, 1, 1, null, null), (stored.ScanState, stored.ScanAttempts, stored.ScanDeferrals, stored.Scanner, stored.LeaseExpireTime));
        Assert.True(stored.EnqueueTime >= claim.LeaseExpireTime.ToDateTime() - PipelineFixture.Lease, "the scan counts as queued at the deferral");

        // Another scanner may claim it at once: no lease holds it off.
        var next = await service.Scanner().StartScanAsync(document.Claim("scanner-b"));
        Assert.Equal((Outcome.Scan, 2), (next.Outcome, next.Attempt));
    }

    [Fact]
    public async Task Claims_deferred_for_an_outage_do_not_use_up_the_claim_limit_and_the_verdict_is_the_contents()
    {
        var document = await service.StoredDocumentAsync();
        // More claims than MaxClaims, every one given back: an outage longer than the claim limit allows.
        for (var claim = 1; claim < PipelineFixture.MaxDeferrals; claim++)
        {
            var assignment = await service.Scanner().StartScanAsync(document.Claim($"scanner-{claim}"));
            Assert.Equal((Outcome.Scan, claim), (assignment.Outcome, assignment.Attempt));
            var dependency = claim % 2 == 0 ? Dependency.Clamd : Dependency.Storage;
            Assert.True((await service.Scanner().DeferScanAsync(document.Deferral($"scanner-{claim}", claim, dependency))).Deferred);
        }

        Assert.True(PipelineFixture.MaxDeferrals - 1 >= PipelineFixture.MaxClaims, "more deferrals than the claim limit allows claims");
        var last = await service.Scanner().StartScanAsync(document.Claim("scanner-last"));
        Assert.Equal(Outcome.Scan, last.Outcome);
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Infected, "Eicar-Signature"));

        var stored = await service.ReadAsync(document.Id);
        Assert.Equal((ScanState.Infected, "Eicar-Signature"), (stored.ScanState, stored.ThreatName));
    }

    [Fact]
    public async Task Claims_that_end_without_a_report_still_count_beside_deferred_ones()
    {
        var document = await service.StoredDocumentAsync();
        var deferred = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", deferred.Attempt));
        // Scanners that died mid-scan: their leases expire without a word.
        for (var claim = 0; claim < PipelineFixture.MaxClaims; claim++)
        {
            Assert.Equal(Outcome.Scan, (await service.Scanner().StartScanAsync(document.Claim($"dead-{claim}"))).Outcome);
            await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));
        }

        var last = await service.Scanner().StartScanAsync(document.Claim("scanner-last"));

        Assert.Equal(Outcome.GaveUp, last.Outcome);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal((ScanState.Failed, $"claimed {PipelineFixture.MaxClaims} times without a verdict"), (stored.ScanState, stored.ThreatName));
    }

    [Fact]
    public async Task A_document_deferred_max_deferrals_times_ends_failed_with_the_reason()
    {
        var document = await service.StoredDocumentAsync();
        for (var claim = 1; claim <= PipelineFixture.MaxDeferrals; claim++)
        {
            var assignment = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
            Assert.Equal(Outcome.Scan, assignment.Outcome);
            await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", assignment.Attempt, Dependency.Clamd));
        }

        var last = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        Assert.Equal(Outcome.GaveUp, last.Outcome);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Failed, stored.ScanState);
        Assert.Equal($"deferred {PipelineFixture.MaxDeferrals} times because storage or clamd was out of reach", stored.ThreatName);
        Assert.Equal(1, stored.VerdictGeneration);
    }

    [Fact]
    public async Task Only_the_holder_of_the_latest_claim_can_defer_it_and_a_repeat_changes_nothing()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        var latest = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var byAnother = await service.Scanner().DeferScanAsync(document.Deferral("scanner-b", latest.Attempt));
        var stale = await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", latest.Attempt - 1));
        var holding = await service.ReadAsync(document.Id);
        var deferred = await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", latest.Attempt));
        var repeated = await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", latest.Attempt));

        Assert.False(byAnother.Deferred);
        Assert.False(stale.Deferred);
        Assert.Equal(("scanner-a", 0), (holding.Scanner, holding.ScanDeferrals));
        Assert.True(deferred.Deferred);
        Assert.Equal((false, 1), (repeated.Deferred, repeated.Deferrals));
        Assert.Equal(1, (await service.ReadAsync(document.Id)).ScanDeferrals);
    }

    [Fact]
    public async Task A_scan_with_its_verdict_recorded_cannot_be_deferred()
    {
        var document = await service.StoredDocumentAsync();
        var claim = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));

        var deferral = await service.Scanner().DeferScanAsync(document.Deferral("scanner-a", claim.Attempt));

        Assert.False(deferral.Deferred);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal((ScanState.Clean, 0), (stored.ScanState, stored.ScanDeferrals));
    }

    [Theory]
    [InlineData("documents/x", 1, "scanner-a", 1, Dependency.Storage, "document")]
    [InlineData(null, 0, "scanner-a", 1, Dependency.Storage, "generation")]
    [InlineData(null, 1, "", 1, Dependency.Storage, "scanner")]
    [InlineData(null, 1, "scanner-a", 0, Dependency.Storage, "attempt")]
    [InlineData(null, 1, "scanner-a", 1, Dependency.Unspecified, "dependency")]
    public async Task Malformed_deferrals_are_invalid_arguments_and_change_nothing(
        string? name, long generation, string scanner, int attempt, Dependency dependency, string field)
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        var request = new DeferScanRequest
        {
            Document = name ?? document.Name(), Generation = generation, Scanner = scanner, Attempt = attempt, Dependency = dependency,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Scanner().DeferScanAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(("scanner-a", 0), (stored.Scanner, stored.ScanDeferrals));
    }

    [Fact]
    public async Task An_unknown_document_is_not_found()
    {
        var document = await service.StoredDocumentAsync();
        var unknown = new DeferScanRequest(document.Deferral("scanner-a", 1)) { Document = $"ideas/{Guid.NewGuid()}/documents/{Guid.NewGuid()}" };

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Scanner().DeferScanAsync(unknown).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Submitter)]
    [InlineData(Roles.Admin)]
    public async Task A_user_token_is_refused_and_changes_nothing(string role)
    {
        var document = await service.StoredDocumentAsync();
        var claim = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            service.Verdicts(TestUser.WithRoles("user", role)).DeferScanAsync(document.Deferral("scanner-a", claim.Attempt)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(("scanner-a", 0), ((await service.ReadAsync(document.Id)).Scanner, (await service.ReadAsync(document.Id)).ScanDeferrals));
    }
}
