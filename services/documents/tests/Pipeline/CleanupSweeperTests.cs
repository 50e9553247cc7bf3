using Ideation.Documents.Domain;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The sweeper deletes due objects, never one a document holds, and ends quarantine retention.</summary>
public sealed class CleanupSweeperTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task An_orphaned_upload_is_deleted_once_its_cleanup_is_due()
    {
        // What an upload that died mid-stream leaves: bytes and the cleanup row committed before streaming.
        var key = $"{Guid.NewGuid()}/{Guid.NewGuid()}";
        await service.PutObjectAsync(service.Bucket, key, "half an upload"u8.ToArray());
        await service.AddCleanupAsync(service.Bucket, key, DateTime.UtcNow.AddSeconds(-1));

        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.False(await service.ObjectExistsAsync(service.Bucket, key));
        Assert.Empty(await service.CleanupsAsync(service.Bucket, key));
    }

    [Fact]
    public async Task A_cleanup_not_yet_due_waits()
    {
        var key = $"{Guid.NewGuid()}/{Guid.NewGuid()}";
        await service.PutObjectAsync(service.Bucket, key, "an upload in progress"u8.ToArray());
        await service.AddCleanupAsync(service.Bucket, key, DateTime.UtcNow.AddHours(1));

        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.True(await service.ObjectExistsAsync(service.Bucket, key));
        Assert.Single(await service.CleanupsAsync(service.Bucket, key));
    }

    [Fact]
    public async Task A_cleanup_of_an_object_already_gone_is_done()
    {
        var key = $"{Guid.NewGuid()}/{Guid.NewGuid()}";
        await service.AddCleanupAsync(service.Bucket, key, DateTime.UtcNow.AddSeconds(-1));

        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.Empty(await service.CleanupsAsync(service.Bucket, key));
    }

    [Fact]
    public async Task A_cleanup_naming_an_object_a_document_holds_deletes_nothing()
    {
        var document = await service.StoredDocumentAsync();
        await service.AddCleanupAsync(service.Bucket, document.ObjectKey, DateTime.UtcNow.AddSeconds(-1));

        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.True(await service.ObjectExistsAsync(service.Bucket, document.ObjectKey));
        Assert.Empty(await service.CleanupsAsync(service.Bucket, document.ObjectKey));
    }

    [Fact]
    public async Task After_retention_the_quarantined_object_is_deleted_and_the_record_stays()
    {
        var expired = await InfectedDocumentAsync();
        var kept = await InfectedDocumentAsync();
        await service.UpdateAsync(expired.Id, row => row.QuarantineExpireTime = DateTime.UtcNow.AddSeconds(-1));

        var sweep = await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, sweep.QuarantinesPurged);
        var record = await service.ReadAsync(expired.Id);
        Assert.Equal(ScanState.Infected, record.ScanState);
        Assert.Equal("Eicar-Signature.UNOFFICIAL", record.ThreatName);
        Assert.NotNull(record.ObjectPurgeTime);
        Assert.False(await service.ObjectExistsAsync(service.QuarantineBucket, expired.ObjectKey));
        Assert.Empty(await service.CleanupsAsync(service.QuarantineBucket, expired.ObjectKey));

        Assert.Null((await service.ReadAsync(kept.Id)).ObjectPurgeTime);
        Assert.True(await service.ObjectExistsAsync(service.QuarantineBucket, kept.ObjectKey));

        // Purged once: a later sweep finds nothing more to do for it.
        Assert.Equal(0, (await service.Sweeper.RunOnceAsync(CancellationToken.None)).QuarantinesPurged);
    }

    private async Task<Persistence.DocumentRecord> InfectedDocumentAsync()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Infected, "Eicar-Signature.UNOFFICIAL"));
        return document;
    }
}
