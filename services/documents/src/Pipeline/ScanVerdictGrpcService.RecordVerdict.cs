using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Api;
using Ideation.Documents.Domain;
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
        // at worst an extra copy (cleaned up below or on the next verdict), never a row without bytes.
        var quarantineCopy = state == ScanState.Infected && before.Bucket != storage.QuarantineBucket
            ? await CopyToQuarantineAsync(before, request.Document, cancellationToken)
            : null;

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
        if (state == ScanState.Infected)
        {
            MoveToQuarantine(document);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.VerdictRecorded(documentId, request.Generation, document.ScanState.ContractName());
        if (state == ScanState.Infected)
        {
            logger.DocumentInfected(documentId, ideaId, detail ?? "");
        }

        return document.ToProto();
    }

    /// <summary>Copies the object into the quarantine bucket under the same key, and returns that key.</summary>
    private async Task<string> CopyToQuarantineAsync(DocumentRecord document, string name, CancellationToken cancellationToken)
    {
        try
        {
            await storage.CopyAsync(document.Bucket, document.ObjectKey, storage.QuarantineBucket, cancellationToken);
            return document.ObjectKey;
        }
        catch (ObjectStorageException exception)
        {
            // Deleted meanwhile (its object went with it): the scanner treats NOT_FOUND as done.
            if (!await db.Documents.AnyAsync(row => row.Id == document.Id, cancellationToken))
            {
                throw RpcErrors.NotFound("Document", name);
            }

            logger.QuarantineCopyFailed(exception, document.Id);
            throw RpcErrors.Unavailable("STORAGE_UNAVAILABLE",
                $"Could not move '{name}' to quarantine: object storage failed ({exception.Message}). Record the verdict again later.");
        }
    }

    /// <summary>The document now lives in quarantine until released or purged; its original object is deleted by the sweeper.</summary>
    private void MoveToQuarantine(DocumentRecord document)
    {
        var now = Now();
        if (document.Bucket != storage.QuarantineBucket)
        {
            db.ObjectCleanups.Add(new ObjectCleanupRecord { Bucket = document.Bucket, ObjectKey = document.ObjectKey, DueTime = now });
        }

        document.Bucket = storage.QuarantineBucket;
        document.QuarantineExpireTime = now + quarantineOptions.Value.Retention;
        document.ObjectPurgeTime = null;
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
            return request.ScanTime.ToDateTime();
        }
        catch (InvalidOperationException)
        {
            violations.Add("scan_time", "Not a valid timestamp.");
            return null;
        }
    }

    private static string? Blank(string value) => value.Length > 0 ? value : null;
}
