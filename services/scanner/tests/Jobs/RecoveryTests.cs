using Ideation.Contracts.Documents.V1;
using Ideation.Messaging;
using Ideation.Testing;
using StackExchange.Redis;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>Jobs that outlive a crash, a Redis that forgot everything, an unreachable documents service and a missing object.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task A_job_of_a_scanner_that_died_mid_scan_is_claimed_after_the_idle_time_and_its_verdict_recorded_once()
    {
        // Leases and idle times in seconds instead of minutes; the idle time still exceeds the lease.
        var ledger = new ScanLedger { Lease = TimeSpan.FromSeconds(2) };
        await using var bed = await JobsTestBed.StartAsync(settings => settings.ClaimIdle = TimeSpan.FromSeconds(3), ledger, startScanner: false);
        var (document, entry) = await bed.SubmitAsync(TestFiles.Pdf("orphan"));

        // The dead scanner read the job and claimed the scan, then died before any verdict.
        var dead = new RedisStreamConsumer(bed.Queue.Redis, new StreamConsumerOptions { Stream = bed.Queue.Stream, Group = bed.Queue.Group, Consumer = "dead-scanner" });
        await dead.EnsureGroupAsync();
        Assert.Equal(entry, Assert.Single(await dead.TryReadAsync(1, CancellationToken.None)).Id);
        var deadClaim = await ledger.StartScanAsync(new StartScanRequest { Document = document, Generation = 1, Scanner = "dead-scanner" }, "service:scanner", CancellationToken.None);
        Assert.Equal(ScanAssignment.Types.Outcome.Scan, deadClaim.Outcome);

        await bed.StartScannerAsync();

        Assert.Equal(ScanState.Clean, (await bed.VerdictAsync(document)).Verdict);
        await bed.AcknowledgedAsync(entry);
        Assert.Single(ledger.VerdictCallsFor(document));
        Assert.Equal(["dead-scanner", bed.Settings.Consumer], ledger.ClaimsFor(document).Select(claim => claim.Request.Scanner));
    }

    [Fact]
    public async Task After_Redis_restarts_without_its_data_the_group_is_recreated_and_new_jobs_are_scanned()
    {
        await using var redis = await LocalServer.StartRedisAsync();
        await using var bed = await JobsTestBed.StartAsync(settings => settings.Redis = redis.Endpoint);
        var before = await bed.SubmitAsync(TestFiles.Pdf("before the restart"));
        await bed.VerdictAsync(before.Document);

        redis.Kill();
        await redis.StartAgainAsync();
        var document = await bed.StoreAsync(TestFiles.Eicar());
        var entry = await Eventually.GetAsync(async () =>
        {
            try
            {
                return await bed.Queue.PublishAsync(document);
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
            {
                return null;
            }
        }, "the test's client reconnected");

        Assert.Equal(ScanState.Infected, (await bed.VerdictAsync(document)).Verdict);
        await bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task While_documents_is_unreachable_the_job_stays_pending_and_is_scanned_once_it_answers()
    {
        await using var bed = await JobsTestBed.StartAsync(startDocuments: false);
        var (document, entry) = await bed.SubmitAsync(TestFiles.Pdf("patience"));

        // Read, tried, left pending, and tried again: the job is kept, never dropped.
        await Eventually.AssertAsync(async () => await bed.Queue.PendingAsync(entry) is { DeliveryCount: >= 2 }, "the job was tried twice");
        Assert.Equal(bed.Settings.Consumer, (await bed.Queue.PendingAsync(entry))!.Value.ConsumerName.ToString());

        await bed.StartDocumentsAsync();

        Assert.Equal(ScanState.Clean, (await bed.VerdictAsync(document)).Verdict);
        await bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task An_object_missing_from_storage_fails_after_the_configured_attempts()
    {
        await using var bed = await JobsTestBed.StartAsync(settings => settings.MaxAttempts = 3);
        var document = bed.Register(size: 1234);

        var entry = await bed.Queue.PublishAsync(document);

        var verdict = await bed.VerdictAsync(document);
        Assert.Equal(ScanState.Failed, verdict.Verdict);
        Assert.Contains("NoSuchKey", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(3, bed.Ledger.ClaimsFor(document).Count);
        // Storage answered (no such key): the document's failure, so no claim was given back.
        Assert.Empty(bed.Ledger.DeferralsFor(document));
        await bed.AcknowledgedAsync(entry);
    }
}
