using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Metrics;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using static Ideation.Contracts.Documents.V1.DeferScanRequest.Types;

namespace Ideation.Documents.Pipeline;

public sealed partial class ScanVerdictGrpcService
{
    /// <summary>
    /// The scanner gives back a claim it could not work on because storage or clamd was out of reach:
    /// the claim does not count towards <see cref="ScanOptions.MaxClaims"/> (it says nothing about the
    /// document), but towards <see cref="ScanOptions.MaxDeferrals"/>.
    /// </summary>
    public override async Task<ScanDeferral> DeferScan(DeferScanRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var target = ParseTarget(request.Document, request.Generation, violations);
        if (request.Scanner.Length == 0)
        {
            violations.Add("scanner", "Name the scanner instance that holds the claim, as in StartScan.");
        }

        RequireAtMost(request.Scanner, MaxScannerLength, "scanner", violations);
        if (request.Attempt < 1)
        {
            violations.Add("attempt", $"Claims are numbered from 1; {request.Attempt} was given. Pass the attempt StartScan answered.");
        }

        var dependency = DependencyName(request.Dependency);
        if (dependency is null)
        {
            violations.Add("dependency", $"{request.Dependency} is no dependency; report DEPENDENCY_STORAGE or DEPENDENCY_CLAMD.");
        }

        RequireAtMost(request.Detail, MaxDetailLength, "detail", violations);
        violations.ThrowIfAny();

        var (ideaId, documentId) = target!.Value;
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.Documents.LockAsync(ideaId, documentId, cancellationToken)
            ?? throw RpcErrors.NotFound("Document", request.Document);
        if (!ScanClaims.CanDefer(document, request.Generation, request.Scanner, request.Attempt))
        {
            await transaction.CommitAsync(cancellationToken);
            logger.DeferralIgnored(documentId, request.Generation, request.Scanner, request.Attempt);
            return new ScanDeferral { Deferred = false, Deferrals = document.ScanDeferrals };
        }

        ScanClaims.Defer(document, Now());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.ScanDeferred(documentId, request.Generation, request.Scanner, request.Attempt, document.ScanDeferrals, dependency!, request.Detail);
        ScanPipelineMetrics.ScanDeferred(dependency!);
        return new ScanDeferral { Deferred = true, Deferrals = document.ScanDeferrals };
    }

    /// <summary>The metric label and log word of a dependency; null for one the scanner may not report.</summary>
    private static string? DependencyName(Dependency dependency) => dependency switch
    {
        Dependency.Storage => "storage",
        Dependency.Clamd => "clamd",
        _ => null,
    };
}
