using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Microsoft.EntityFrameworkCore;
using static Ideation.Contracts.Documents.V1.ScanAssignment.Types;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>StartScan: every outcome, leases and the claim limit, through the real service and database.</summary>
public sealed class StartScanTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_claim_gets_the_object_and_a_lease_and_the_document_shows_scanning()
    {
        var document = await service.StoredDocumentAsync();

        var assignment = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        Assert.Equal(Outcome.Scan, assignment.Outcome);
        Assert.Equal(1, assignment.Generation);
        Assert.Equal(service.Bucket, assignment.Bucket);
        Assert.Equal(document.ObjectKey, assignment.Key);
        Assert.Equal(document.SizeBytes, assignment.SizeBytes);
        Assert.Equal(1, assignment.Attempt);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Scanning, stored.ScanState);
        Assert.Equal("scanner-a", stored.Scanner);
        Assert.Equal(1, stored.ScanAttempts);
        Assert.Equal(assignment.LeaseExpireTime.ToDateTime(), stored.LeaseExpireTime);
        Assert.InRange(stored.LeaseExpireTime!.Value, DateTime.UtcNow + PipelineFixture.Lease - TimeSpan.FromMinutes(1), DateTime.UtcNow + PipelineFixture.Lease);
    }

    [Fact]
    public async Task Another_scanner_is_told_in_progress_while_the_lease_is_live()
    {
        var document = await service.StoredDocumentAsync();
        var first = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var second = await service.Scanner().StartScanAsync(document.Claim("scanner-b"));

        Assert.Equal(Outcome.InProgress, second.Outcome);
        Assert.Equal(first.LeaseExpireTime, second.LeaseExpireTime);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal("scanner-a", stored.Scanner);
        Assert.Equal(1, stored.ScanAttempts);
    }

    [Fact]
    public async Task The_lease_holder_may_claim_again_to_retry()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var retry = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        Assert.Equal(Outcome.Scan, retry.Outcome);
        Assert.Equal(2, retry.Attempt);
    }

    [Fact]
    public async Task After_the_lease_expires_another_scanner_claims_the_scan()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));

        var takeover = await service.Scanner().StartScanAsync(document.Claim("scanner-b"));

        Assert.Equal(Outcome.Scan, takeover.Outcome);
        Assert.Equal(2, takeover.Attempt);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal("scanner-b", stored.Scanner);
        Assert.True(stored.LeaseExpireTime > DateTime.UtcNow);
    }

    [Fact]
    public async Task Claimed_max_claims_times_without_a_verdict_the_scan_gives_up_as_failed()
    {
        var document = await service.StoredDocumentAsync();
        for (var claim = 1; claim <= PipelineFixture.MaxClaims; claim++)
        {
            var assignment = await service.Scanner().StartScanAsync(document.Claim($"scanner-{claim}"));
            Assert.Equal(Outcome.Scan, assignment.Outcome);
            Assert.Equal(claim, assignment.Attempt);
            await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));
        }

        var last = await service.Scanner().StartScanAsync(document.Claim("scanner-last"));

        Assert.Equal(Outcome.GaveUp, last.Outcome);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Failed, stored.ScanState);
        Assert.Equal($"claimed {PipelineFixture.MaxClaims} times without a verdict", stored.ThreatName);
        Assert.Equal(1, stored.VerdictGeneration);
        Assert.Null(stored.LeaseExpireTime);
        Assert.NotNull(stored.ScanTime);

        // The give-up is the verdict of this generation: the job is done for any scanner now.
        var again = await service.Scanner().StartScanAsync(document.Claim("scanner-late"));
        Assert.Equal(Outcome.Done, again.Outcome);
    }

    [Fact]
    public async Task A_scan_with_its_verdict_recorded_is_done()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));

        var repeated = await service.Scanner().StartScanAsync(document.Claim("scanner-b"));

        Assert.Equal(Outcome.Done, repeated.Outcome);
        Assert.Equal(ScanState.Clean, (await service.ReadAsync(document.Id)).ScanState);
    }

    [Fact]
    public async Task A_job_of_a_superseded_generation_is_done_and_the_current_one_is_claimed()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Unscannable, "Heuristics.Limits.Exceeded.MaxScanSize"));
        await service.QueueRescanAsync(document.Id);

        var stale = await service.Scanner().StartScanAsync(document.Claim("scanner-b", generation: 1));
        var current = await service.Scanner().StartScanAsync(document.Claim("scanner-b", generation: 2));

        Assert.Equal(Outcome.Done, stale.Outcome);
        Assert.Equal(Outcome.Scan, current.Outcome);
        Assert.Equal(2, current.Generation);
        Assert.Equal(1, current.Attempt);
    }

    [Fact]
    public async Task A_rescan_of_a_clean_document_keeps_it_clean_while_it_is_scanned()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));
        await service.QueueRescanAsync(document.Id);

        var assignment = await service.Scanner().StartScanAsync(document.Claim("scanner-a", generation: 2));

        Assert.Equal(Outcome.Scan, assignment.Outcome);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Clean, stored.ScanState);
        Assert.True(stored.RescanPending);
    }

    [Fact]
    public async Task A_deleted_document_is_done()
    {
        var document = await service.StoredDocumentAsync();
        await using (var db = service.CreateDbContext())
        {
            db.Documents.Remove(await db.Documents.SingleAsync(row => row.Id == document.Id));
            await db.SaveChangesAsync();
        }

        var assignment = await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        Assert.Equal(Outcome.Done, assignment.Outcome);
    }

    [Fact]
    public async Task A_document_named_under_another_idea_is_done_and_left_alone()
    {
        var document = await service.StoredDocumentAsync();
        var misnamed = new StartScanRequest { Document = $"ideas/{Guid.NewGuid()}/documents/{document.Id}", Generation = 1, Scanner = "scanner-a" };

        var assignment = await service.Scanner().StartScanAsync(misnamed);

        Assert.Equal(Outcome.Done, assignment.Outcome);
        Assert.Equal(ScanState.Pending, (await service.ReadAsync(document.Id)).ScanState);
    }

    [Theory]
    [InlineData("documents/x", 1, "scanner-a", "document")]
    [InlineData("", 1, "scanner-a", "document")]
    [InlineData(null, 0, "scanner-a", "generation")]
    [InlineData(null, 1, "", "scanner")]
    public async Task Malformed_claims_are_invalid_arguments(string? name, long generation, string scanner, string field)
    {
        var document = await service.StoredDocumentAsync();
        var request = new StartScanRequest { Document = name ?? document.Name(), Generation = generation, Scanner = scanner };

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Scanner().StartScanAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }
}
