using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Configuration;
using Ideation.Documents.Ideas;
using Ideation.Documents.Paging;
using Ideation.Documents.Persistence;
using Ideation.Documents.Pipeline;
using Ideation.Documents.Storage;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Ideation.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Api;

/// <summary>
/// The gRPC DocumentService. One partial file per group of methods. Every method answers in the same
/// order, so that no answer tells more than the caller may know: NOT_FOUND (the idea is missing or
/// invisible to the caller, or the document is missing), PERMISSION_DENIED, INVALID_ARGUMENT,
/// FAILED_PRECONDITION (the idea's or the document's state).
/// </summary>
[Authorize]
public sealed partial class DocumentGrpcService(
    DocumentsDbContext db,
    ObjectStorage storage,
    IdeaDirectory ideas,
    IOptions<UploadOptions> uploadOptions,
    PageTokenProtector pageTokens,
    OutboxRelay scanJobs,
    TimeProvider clock,
    ILogger<DocumentGrpcService> logger) : DocumentService.DocumentServiceBase
{
    private readonly UploadOptions uploads = uploadOptions.Value;
    private readonly IReadOnlySet<string> allowedTypes = uploadOptions.Value.AllowedTypes();

    private static Caller CallerOf(ServerCallContext context) => Caller.From(context.GetHttpContext().User);

    /// <summary>The caller's own bearer token, forwarded so that the ideas service applies its rules to them.</summary>
    private static string Authorization(ServerCallContext context) =>
        context.RequestHeaders.GetValue("authorization") ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "A bearer token is required."));

    /// <summary>The idea as the caller sees it (NOT_FOUND if they cannot), and one of its documents (NOT_FOUND if missing).</summary>
    private async Task<(Idea Idea, DocumentRecord Document)> FindAsync(string name, ServerCallContext context, bool track = false)
    {
        var violations = new FieldViolations();
        var ids = DocumentNames.Parse(name, "name", violations);
        violations.ThrowIfAny();
        var (ideaId, documentId) = ids!.Value;

        var idea = await ideas.GetAsync(DocumentNames.FormatIdea(ideaId), Authorization(context), context.CancellationToken);
        var documents = track ? db.Documents : db.Documents.AsNoTracking();
        var document = await documents.SingleOrDefaultAsync(d => d.Id == documentId && d.IdeaId == ideaId, context.CancellationToken)
            ?? throw RpcErrors.NotFound("Document", name);
        return (idea, document);
    }

    private static RpcException StorageUnavailable(ObjectStorageException exception) =>
        RpcErrors.Unavailable("STORAGE_UNAVAILABLE",
            $"Document storage cannot be reached or refused the request ({exception.Operation}); nothing was changed, retry in a few seconds.");

    /// <summary>PostgreSQL keeps microseconds: truncating first makes the answer equal what a later read returns.</summary>
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
