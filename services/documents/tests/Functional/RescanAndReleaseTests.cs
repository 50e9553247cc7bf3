using Ideation.Testing;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Tests.Functional;

public sealed class RescanAndReleaseTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    private readonly TestUser author = TestUser.Submitter();
    private readonly TestUser admin = TestUser.Admin();

    [Fact]
    public async Task A_clean_document_stays_clean_while_its_rescan_is_pending()
    {
        var document = await UploadAsync();
        await service.SetVerdictAsync(document, ScanState.Clean);

        var rescanned = await service.Documents(admin).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name });

        Assert.Equal(Document.Types.ScanState.Clean, rescanned.ScanState);
        Assert.True(rescanned.RescanPending);
        await using var db = service.CreateDbContext();
        var row = await db.Documents.SingleAsync(d => d.Id == document.DocumentId());
        Assert.Equal((2, 1, 0), (row.ScanGeneration, row.VerdictGeneration, row.ScanAttempts));
        Assert.Equal([1L, 2L], await db.ScanOutbox.Where(o => o.DocumentId == row.Id).OrderBy(o => o.Id).Select(o => o.Generation).ToListAsync());
    }

    [Theory]
    [InlineData(ScanState.Failed)]
    [InlineData(ScanState.Unscannable)]
    public async Task Other_verdicts_go_back_to_pending(ScanState verdict)
    {
        var document = await UploadAsync();
        await service.SetVerdictAsync(document, verdict, "Heuristics.Limits.Exceeded");
        await using (var db = service.CreateDbContext())
        {
            var id = document.DocumentId();
            await db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(update => update
                .SetProperty(d => d.ScanAttempts, 3)
                .SetProperty(d => d.ScanDeferrals, 2)
                .SetProperty(d => d.Scanner, "scanner-1")
                .SetProperty(d => d.LeaseExpireTime, DateTime.UtcNow));
        }

        var rescanned = await service.Documents(admin).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name });

        Assert.Equal(Document.Types.ScanState.Pending, rescanned.ScanState);
        Assert.True(rescanned.RescanPending);
        await using var check = service.CreateDbContext();
        var row = await check.Documents.SingleAsync(d => d.Id == document.DocumentId());
        Assert.Equal((0, 0, null, null), (row.ScanAttempts, row.ScanDeferrals, row.Scanner, row.LeaseExpireTime));
    }

    [Fact]
    public async Task A_scan_already_pending_is_not_queued_twice()
    {
        var document = await UploadAsync();

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(admin).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name }));

        Assert.Equal("SCAN_PENDING", error.Reason());
    }

    [Fact]
    public async Task An_infected_document_is_released_not_rescanned()
    {
        var document = await UploadAsync();
        await QuarantineAsync(document);

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(admin).RescanDocumentAsync(new RescanDocumentRequest { Name = document.Name }));

        Assert.Equal("DOCUMENT_INFECTED", error.Reason());
    }

    [Fact]
    public async Task Release_brings_the_bytes_back_and_records_who_and_why()
    {
        var content = Samples.Pdf(30_000);
        var document = await UploadAsync(content);
        var key = await QuarantineAsync(document);

        var released = await service.Documents(admin).ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document.Name, Reason = "  Vendor confirmed a false positive " });

        Assert.Equal(Document.Types.ScanState.Clean, released.ScanState);
        Assert.Equal(admin.Id, released.ReleasedBy);
        Assert.Equal("Vendor confirmed a false positive", released.ReleaseReason);
        Assert.Equal("Eicar-Signature", released.ThreatName);
        Assert.Equal(content, await service.ReadObjectAsync(service.Bucket, key));
        await using var db = service.CreateDbContext();
        var row = await db.Documents.SingleAsync(d => d.Id == document.DocumentId());
        Assert.Equal(service.Bucket, row.Bucket);
        Assert.NotNull(row.ReleaseTime);
        var cleanup = await db.ObjectCleanups.SingleAsync(c => c.ObjectKey == key);
        Assert.Equal(service.QuarantineBucket, cleanup.Bucket);
        Assert.True(cleanup.DueTime <= DateTime.UtcNow, "the quarantine copy is due for deletion at once");
    }

    [Fact]
    public async Task Release_needs_a_reason()
    {
        var document = await UploadAsync();
        await QuarantineAsync(document);

        var error = await Scenario.FailsWith(StatusCode.InvalidArgument,
            service.Documents(admin).ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document.Name, Reason = " " }));

        Assert.Equal(["reason"], error.ViolatedFields());
    }

    [Fact]
    public async Task Only_infected_documents_can_be_released()
    {
        var document = await UploadAsync();
        await service.SetVerdictAsync(document, ScanState.Clean);

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(admin).ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document.Name, Reason = "why not" }));

        Assert.Equal("DOCUMENT_NOT_INFECTED", error.Reason());
    }

    [Fact]
    public async Task Purged_quarantine_cannot_be_released()
    {
        var document = await UploadAsync();
        var key = await QuarantineAsync(document);
        await service.S3.DeleteObjectAsync(service.QuarantineBucket, key);
        await using (var db = service.CreateDbContext())
        {
            var id = document.DocumentId();
            await db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(update => update.SetProperty(d => d.ObjectPurgeTime, DateTime.UtcNow));
        }

        var error = await Scenario.FailsWith(StatusCode.FailedPrecondition,
            service.Documents(admin).ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document.Name, Reason = "too late" }));

        Assert.Equal("QUARANTINE_PURGED", error.Reason());
    }

    private async Task<Document> UploadAsync(byte[]? content = null)
    {
        var idea = await service.IdeaAsync(author);
        return await service.Documents(author).UploadAsync(idea.Name, "a.pdf", content ?? Samples.Pdf());
    }

    /// <summary>What the scan pipeline does with an infected document: verdict recorded, bytes moved to quarantine.</summary>
    private async Task<string> QuarantineAsync(Document document)
    {
        await service.SetVerdictAsync(document, ScanState.Infected, "Eicar-Signature");
        await using var db = service.CreateDbContext();
        var row = await db.Documents.SingleAsync(d => d.Id == document.DocumentId());
        await service.S3.CopyObjectAsync(row.Bucket, row.ObjectKey, service.QuarantineBucket, row.ObjectKey);
        await service.S3.DeleteObjectAsync(row.Bucket, row.ObjectKey);
        row.Bucket = service.QuarantineBucket;
        row.QuarantineExpireTime = DateTime.UtcNow.AddDays(30);
        await db.SaveChangesAsync();
        return row.ObjectKey;
    }
}
