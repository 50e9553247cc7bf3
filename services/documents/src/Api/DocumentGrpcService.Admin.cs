using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.Documents.Logging;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.Documents.Validation;
using Ideation.Messaging;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Api;

public sealed partial class DocumentGrpcService
{
    public const int MaxReleaseReasonLength = 1000;

    /// <summary>
    /// Queues a new scan generation. A CLEAN document keeps its verdict (and stays readable) until
    /// the new one is recorded; any other state shows PENDING. INFECTED is for ReleaseDocument.
    /// </summary>
    public override async Task<Document> RescanDocument(RescanDocumentRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var (_, document) = await FindAsync(request.Name, context);
        caller.RequireAdmin("rescan documents");
        RequireRescannable(document);

        var cancellationToken = context.CancellationToken;
        var now = Now();
        var generation = document.ScanGeneration + 1;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional on what was checked: a concurrent rescan or verdict makes this change nothing.
        var updated = await db.Documents
            .Where(d => d.Id == document.Id && d.ScanGeneration == document.ScanGeneration
                && d.VerdictGeneration == d.ScanGeneration && d.ScanState != ScanState.Infected)
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.ScanGeneration, generation)
                .SetProperty(d => d.ScanAttempts, 0)
                .SetProperty(d => d.ScanDeferrals, 0)
                .SetProperty(d => d.LeaseExpireTime, (DateTime?)null)
                .SetProperty(d => d.Scanner, (string?)null)
                .SetProperty(d => d.EnqueueTime, now)
                .SetProperty(d => d.ScanRequestTime, now)
                .SetProperty(d => d.ScanState, d => d.ScanState == ScanState.Clean ? ScanState.Clean : ScanState.Pending),
                cancellationToken);
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var current = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == document.Id, cancellationToken)
                ?? throw RpcErrors.NotFound("Document", request.Name);
            RequireRescannable(current);
            throw RpcErrors.Aborted("CONCURRENT_CHANGE", "The document changed while the rescan was being queued; read it and try again.");
        }

        db.ScanOutbox.Add(new ScanOutboxRecord { DocumentId = document.Id, Generation = generation, CreateTime = now, TraceParent = MessageTracing.CurrentTraceParent() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        scanJobs.JobsCommitted();
        logger.RescanRequested(document.Id, generation, caller.UserId);

        var rescanned = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == document.Id, cancellationToken);
        return rescanned.ToProto();
    }

    /// <summary>
    /// An admin's judgement that a detection was a false positive: the bytes are copied back from
    /// quarantine first, then one transaction makes the document CLEAN, records who and why, and
    /// schedules the quarantine copy's deletion.
    /// </summary>
    public override async Task<Document> ReleaseDocument(ReleaseDocumentRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var (_, document) = await FindAsync(request.Name, context);
        caller.RequireAdmin("release documents from quarantine");
        var reason = request.Reason.Trim();
        if (reason.Length == 0 || reason.Length > MaxReleaseReasonLength)
        {
            var violations = new FieldViolations();
            violations.Add("reason", reason.Length == 0
                ? "Say why the detection is a false positive; the reason is kept with the document."
                : $"Keep the reason to at most {MaxReleaseReasonLength} characters; it has {reason.Length}.");
            violations.ThrowIfAny();
        }

        RequireReleasable(document);

        var cancellationToken = context.CancellationToken;
        try
        {
            await storage.CopyAsync(document.Bucket, document.ObjectKey, storage.Bucket, cancellationToken);
        }
        catch (ObjectStorageException exception)
        {
            logger.StorageFailed(exception, exception.Operation, document.ObjectKey);
            throw StorageUnavailable(exception);
        }

        var now = Now();
        var quarantineBucket = document.Bucket;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var updated = await db.Documents
                .Where(d => d.Id == document.Id && d.ScanState == ScanState.Infected && d.Bucket == quarantineBucket && d.ObjectPurgeTime == null)
                .ExecuteUpdateAsync(update => update
                    .SetProperty(d => d.ScanState, ScanState.Clean)
                    .SetProperty(d => d.Bucket, storage.Bucket)
                    .SetProperty(d => d.QuarantineExpireTime, (DateTime?)null)
                    .SetProperty(d => d.ReleasedBy, caller.UserId)
                    .SetProperty(d => d.ReleaseReason, reason)
                    .SetProperty(d => d.ReleaseTime, now),
                    cancellationToken);
            if (updated == 0)
            {
                // Released, purged or deleted meanwhile. The copy is surplus unless a concurrent
                // release made the document point at it; the same key means the same bytes then.
                await transaction.RollbackAsync(cancellationToken);
                var current = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == document.Id, cancellationToken);
                if (current?.Bucket != storage.Bucket)
                {
                    db.ObjectCleanups.Add(new ObjectCleanupRecord { Bucket = storage.Bucket, ObjectKey = document.ObjectKey, DueTime = now });
                    await db.SaveChangesAsync(CancellationToken.None);
                }

                throw current is null ? RpcErrors.NotFound("Document", request.Name) : NotReleasable(current);
            }

            db.ObjectCleanups.Add(new ObjectCleanupRecord { Bucket = quarantineBucket, ObjectKey = document.ObjectKey, DueTime = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.DocumentReleased(document.Id, caller.UserId, reason);
        var released = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == document.Id, cancellationToken);
        return released.ToProto();
    }

    private static void RequireRescannable(DocumentRecord document)
    {
        if (document.ScanState == ScanState.Infected)
        {
            throw RpcErrors.FailedPrecondition("DOCUMENT_INFECTED",
                "The document is SCAN_STATE_INFECTED; if the detection is a false positive, use ReleaseDocument instead.");
        }

        if (document.ScanGeneration > document.VerdictGeneration)
        {
            throw RpcErrors.FailedPrecondition("SCAN_PENDING",
                $"A scan of the document is already queued or running (it is {document.ScanState.ContractName()}); wait for its verdict.");
        }
    }

    private void RequireReleasable(DocumentRecord document)
    {
        if (document.ScanState != ScanState.Infected || document.ObjectPurgeTime is not null || document.Bucket != storage.QuarantineBucket)
        {
            throw NotReleasable(document);
        }
    }

    private static RpcException NotReleasable(DocumentRecord document) =>
        document.ScanState != ScanState.Infected
            ? RpcErrors.FailedPrecondition("DOCUMENT_NOT_INFECTED",
                $"Only SCAN_STATE_INFECTED documents can be released; this one is {document.ScanState.ContractName()}.")
            : RpcErrors.FailedPrecondition("QUARANTINE_PURGED",
                "The document's quarantined bytes were deleted after the retention period; there is nothing left to release.");
}
