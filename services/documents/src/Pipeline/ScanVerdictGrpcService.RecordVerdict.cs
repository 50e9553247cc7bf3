using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Api;
using Ideation.Documents.Domain;
using Ideation.Documents.Metrics;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Pipeline;

public sealed partial class ScanVerdictGrpcService
{
    public override async Task<Document> RecordVerdict(RecordVerdictRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var target = ParseTarget(request.Document, request.Generation, violations);
        var verdict = Verdicts.Accept(request.Verdict);
        if (verdict is null)
        {
            violations.Add("verdict", $"{request.Verdict} is no verdict; report CLEAN, INFECTED, UNSCANNABLE or FAILED.");
        }

        if (request.ScannedBytes < 0)
        {
            violations.Add("scanned_bytes", $"Cannot be negative; {request.ScannedBytes} was given.");
        }

        RequireAtMost(request.Detail, MaxDetailLength, "detail", violations);
        RequireAtMost(request.EngineVersion, MaxVersionLength, "engine_version", violations);
        RequireAtMost(request.SignatureVersion, MaxVersionLength, "signature_version", violations);
        var scanTime = ScanTimeOf(request, violations);
        violations.ThrowIfAny();

        var (ideaId, documentId) = target!.Value;
        var cancellationToken = context.CancellationToken;
        var before = await db.Documents.AsNoTracking()
            .SingleOrDefaultAsync(document => document.Id == documentId && document.IdeaId == ideaId, cancellationToken)
            ?? throw RpcErrors.NotFound("Document", request.Document);
        if (!Verdicts.IsOwed(before, request.Generation))
        {
            logger.VerdictIgnored(documentId, request.Generation, request.Verdict.ToString());
            return before.ToProto();
        }

        var (state, detail) = Verdicts.Effective(verdict!.Value, request.Detail, request.ScannedBytes, before.SizeBytes);
        if (state == ScanState.Unscannable && verdict == ScanState.Clean)
        {
            logger.PartialScan(documentId, request.Generation, request.ScannedBytes, before.SizeBytes);
        }

        // The bytes reach quarantine before any row says they are there: a failure in between leaves
        // at worst a copy no row names yet (the scanner's retry records it), never a row without bytes.
        string? quarantineCopy = null;
        if (state == ScanState.Infected && before.Bucket != storage.QuarantineBucket)
        {
            if (!await TryCopyToQuarantineAsync(before, cancellationToken))
            {
                // The copy fails when a duplicate verdict already moved the bytes, or the document
                // was deleted with them: answer as for any duplicate. Otherwise storage is failing.
                var current = await db.Documents.AsNoTracking().SingleOrDefaultAsync(document => document.Id == documentId, cancellationToken)
                    ?? throw RpcErrors.NotFound("Document", request.Document);
                return Verdicts.IsOwed(current, request.Generation)
                    ? throw RpcErrors.Unavailable("STORAGE_UNAVAILABLE",
                        $"Could not move '{request.Document}' to quarantine: object storage failed. Record the verdict again later.")
                    : current.ToProto();
            }

            quarantineCopy = before.ObjectKey;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.Documents.LockAsync(ideaId, documentId, cancellationToken);
        if (document is null || !Verdicts.IsOwed(document, request.Generation))
        {
            // A concurrent duplicate recorded its verdict first, or the document went: ours changes
            // nothing, and our quarantine copy goes (the sweeper keeps it if it is the one recorded).
            if (quarantineCopy is not null)
            {
                db.ObjectCleanups.Add(new ObjectCleanupRecord { Bucket = storage.QuarantineBucket, ObjectKey = quarantineCopy, DueTime = Now() });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.VerdictIgnored(documentId, request.Generation, request.Verdict.ToString());
            return document?.ToProto() ?? throw RpcErrors.NotFound("Document", request.Document);
        }

        Verdicts.Record(document, request.Generation, state, detail, Blank(request.EngineVersion), Blank(request.SignatureVersion), scanTime ?? Now());
        var original = state == ScanState.Infected ? MoveToQuarantine(document) : null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.VerdictRecorded(documentId, request.Generation, document.ScanState.ContractName());
        ScanPipelineMetrics.VerdictRecorded(state);
        if (state == ScanState.Infected)
        {
            logger.DocumentInfected(documentId, ideaId, detail ?? "");
        }

        if (original is not null)
        {
            await DeleteOriginalNowAsync(original);
        }

        return document.ToProto();
    }

    /// <summary>Copies the object into the quarantine bucket under the same key; false (logged) when storage refuses.</summary>
    private async Task<bool> TryCopyToQuarantineAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        try
        {
            await storage.CopyAsync(document.Bucket, document.ObjectKey, storage.QuarantineBucket, cancellationToken);
            return true;
        }
        catch (ObjectStorageException exception)
        {
            logger.QuarantineCopyFailed(exception, document.Id);
            return false;
        }
    }

    /// <summary>
    /// The document now lives in quarantine until released or purged. Returns the cleanup row of the
    /// original object (null when it was in quarantine already), committed with the verdict.
    /// </summary>
    private ObjectCleanupRecord? MoveToQuarantine(DocumentRecord document)
    {
        var now = Now();
        ObjectCleanupRecord? original = null;
        if (document.Bucket != storage.QuarantineBucket)
        {
            original = new ObjectCleanupRecord { Bucket = document.Bucket, ObjectKey = document.ObjectKey, DueTime = now };
            db.ObjectCleanups.Add(original);
        }

        document.Bucket = storage.QuarantineBucket;
        document.QuarantineExpireTime = now + quarantineOptions.Value.Retention;
        document.ObjectPurgeTime = null;
        return original;
    }

    /// <summary>
    /// Infected bytes leave the documents bucket at once rather than at the next sweep, and the same
    /// key is then free for a release to copy them back to without a pending cleanup behind it. When
    /// storage fails, the committed cleanup row stays for the sweeper.
    /// </summary>
    private async Task DeleteOriginalNowAsync(ObjectCleanupRecord original)
    {
        try
        {
            await storage.DeleteAsync(original.Bucket, original.ObjectKey, CancellationToken.None);
        }
        catch (ObjectStorageException exception)
        {
            logger.ObjectDeleteFailed(exception, original.Bucket, original.ObjectKey);
            return;
        }

        await db.ObjectCleanups.Where(cleanup => cleanup.Id == original.Id).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>The scanner's clock for when the scan finished; null (use ours) when not given.</summary>
    private static DateTime? ScanTimeOf(RecordVerdictRequest request, FieldViolations violations)
    {
        if (request.ScanTime is null)
        {
            return null;
        }

        try
        {
            return ToMicroseconds(request.ScanTime.ToDateTime());
        }
        catch (InvalidOperationException)
        {
            violations.Add("scan_time", "Not a valid timestamp.");
            return null;
        }
    }

    private static string? Blank(string value) => value.Length > 0 ? value : null;
}
