using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Api;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Pipeline;

/// <summary>
/// The gRPC ScanVerdictService: scanners claim scans and record verdicts. Only the scanner's
/// service identity may call it (no user, not even an admin, can mark a document clean); the gateway
/// does not route it. One partial file per method. Each decision is taken under the document's row
/// lock, so concurrent claims and duplicate verdicts serialize and the first verdict wins.
/// </summary>
[Authorize(Roles = Roles.Scanner)]
public sealed partial class ScanVerdictGrpcService(
    DocumentsDbContext db,
    ObjectStorage storage,
    IOptions<ScanOptions> scanOptions,
    IOptions<QuarantineOptions> quarantineOptions,
    TimeProvider clock,
    ILogger<ScanVerdictGrpcService> logger) : ScanVerdictService.ScanVerdictServiceBase
{
    private const int MaxScannerLength = 256;
    private const int MaxDetailLength = 1024;
    private const int MaxVersionLength = 256;

    /// <summary>PostgreSQL keeps microseconds: truncating first makes an answer equal what a later read returns.</summary>
    private DateTime Now() => ToMicroseconds(clock.GetUtcNow().UtcDateTime);

    private static DateTime ToMicroseconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));

    private static (Guid IdeaId, Guid DocumentId)? ParseTarget(string document, long generation, FieldViolations violations)
    {
        var name = DocumentNames.Parse(document, "document", violations);
        if (generation < 1)
        {
            violations.Add("generation", $"A scan generation starts at 1; {generation} was given. Pass the generation of the job as queued.");
        }

        return name;
    }

    private static void RequireAtMost(string value, int maxLength, string field, FieldViolations violations)
    {
        if (value.Length > maxLength)
        {
            violations.Add(field, $"At most {maxLength} characters; {value.Length} were given.");
        }
    }
}
