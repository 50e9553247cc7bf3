using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.Documents.Metrics;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using static Ideation.Contracts.Documents.V1.ScanAssignment.Types;

namespace Ideation.Documents.Pipeline;

public sealed partial class ScanVerdictGrpcService
{
    public override async Task<ScanAssignment> StartScan(StartScanRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var target = ParseTarget(request.Document, request.Generation, violations);
        if (request.Scanner.Length == 0)
        {
            violations.Add("scanner", "Name the scanner instance claiming the scan; the name is recorded with the lease.");
        }

        RequireAtMost(request.Scanner, MaxScannerLength, "scanner", violations);
        violations.ThrowIfAny();

        var (ideaId, documentId) = target!.Value;
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.Documents.LockAsync(ideaId, documentId, cancellationToken);
        var now = Now();
        var settings = scanOptions.Value;
        var assignment = new ScanAssignment { Generation = request.Generation };
        switch (ScanClaims.Decide(document, request.Generation, request.Scanner, now, settings.MaxClaims, settings.MaxDeferrals))
        {
            case ClaimDecision.Done:
                assignment.Outcome = Outcome.Done;
                return assignment;

            case ClaimDecision.InProgress:
                assignment.Outcome = Outcome.InProgress;
                assignment.LeaseExpireTime = Timestamp.FromDateTime(document!.LeaseExpireTime!.Value);
                assignment.Attempt = document.ScanAttempts;
                return assignment;

            case ClaimDecision.GiveUp:
                Verdicts.Record(document!, request.Generation, ScanState.Failed, ScanClaims.GiveUpDetail(document!, settings.MaxDeferrals),
                    engineVersion: null, signatureVersion: null, scanTime: now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.ScanGivenUp(documentId, request.Generation, document!.ScanAttempts, document.ScanDeferrals);
                ScanPipelineMetrics.VerdictRecorded(ScanState.Failed);
                assignment.Outcome = Outcome.GaveUp;
                assignment.Attempt = document.ScanAttempts;
                return assignment;

            default:
                ScanClaims.Claim(document!, request.Scanner, now, settings.Lease);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.ScanClaimed(documentId, request.Generation, request.Scanner, document!.ScanAttempts, document.LeaseExpireTime!.Value);
                assignment.Outcome = Outcome.Scan;
                assignment.Bucket = document.Bucket;
                assignment.Key = document.ObjectKey;
                assignment.SizeBytes = document.SizeBytes;
                assignment.LeaseExpireTime = Timestamp.FromDateTime(document.LeaseExpireTime.Value);
                assignment.Attempt = document.ScanAttempts;
                return assignment;
        }
    }
}
