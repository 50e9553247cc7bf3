using Ideation.Documents.Domain;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The reconciler queues again exactly the scans that stalled: expired leases and jobs nobody took.</summary>
public sealed class ScanReconcilerTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_scan_whose_lease_expired_is_queued_again_and_shows_pending()
    {
        var document = await service.StoredDocumentAsync();
        await service.Relay.RunOnceAsync(CancellationToken.None);
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));

        await service.Reconciler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new[] { 1L }, await service.OutboxGenerationsAsync(document.Id));
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Pending, stored.ScanState);
        Assert.Null(stored.LeaseExpireTime);
        Assert.Null(stored.Scanner);
        Assert.True(stored.EnqueueTime > document.EnqueueTime);
        Assert.Equal(1, stored.ScanAttempts);

        // Queued again once: the next pass waits RequeueAfter before repeating it.
        await service.Reconciler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(new[] { 1L }, await service.OutboxGenerationsAsync(document.Id));
    }

    [Fact]
    public async Task A_scan_queued_longer_than_requeue_after_without_a_claim_is_queued_again()
    {
        var document = await service.StoredDocumentAsync();
        await service.Relay.RunOnceAsync(CancellationToken.None);
        await service.UpdateAsync(document.Id, row => row.EnqueueTime = DateTime.UtcNow - PipelineFixture.RequeueAfter - TimeSpan.FromSeconds(1));

        await service.Reconciler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new[] { 1L }, await service.OutboxGenerationsAsync(document.Id));
        Assert.Equal(ScanState.Pending, (await service.ReadAsync(document.Id)).ScanState);
    }

    [Fact]
    public async Task Scans_that_are_recent_leased_or_done_are_left_alone()
    {
        var recent = await service.StoredDocumentAsync();
        var leased = await service.StoredDocumentAsync();
        var done = await service.StoredDocumentAsync();
        await service.Relay.RunOnceAsync(CancellationToken.None);
        await service.Scanner().StartScanAsync(leased.Claim("scanner-a"));
        await service.UpdateAsync(leased.Id, row => row.EnqueueTime = DateTime.UtcNow - PipelineFixture.RequeueAfter - TimeSpan.FromSeconds(1));
        await service.Scanner().StartScanAsync(done.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(done.Verdict(Proto.Clean));
        await service.UpdateAsync(done.Id, row => row.EnqueueTime = DateTime.UtcNow - PipelineFixture.RequeueAfter - TimeSpan.FromSeconds(1));

        await service.Reconciler.RunOnceAsync(CancellationToken.None);

        Assert.Empty(await service.OutboxGenerationsAsync(recent.Id));
        Assert.Empty(await service.OutboxGenerationsAsync(leased.Id));
        Assert.Empty(await service.OutboxGenerationsAsync(done.Id));
        Assert.Equal(ScanState.Scanning, (await service.ReadAsync(leased.Id)).ScanState);
    }

    [Fact]
    public async Task A_stalled_rescan_of_a_clean_document_is_queued_again_and_stays_clean()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));
        await service.QueueRescanAsync(document.Id);
        await service.Relay.RunOnceAsync(CancellationToken.None);
        await service.Scanner().StartScanAsync(document.Claim("scanner-a", generation: 2));
        await service.UpdateAsync(document.Id, row => row.LeaseExpireTime = DateTime.UtcNow.AddSeconds(-1));

        await service.Reconciler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new[] { 2L }, await service.OutboxGenerationsAsync(document.Id));
        Assert.Equal(ScanState.Clean, (await service.ReadAsync(document.Id)).ScanState);
    }
}
