using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Logging;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Api;

public sealed partial class DocumentGrpcService
{
    /// <summary>
    /// The row goes, and a cleanup row for the bytes comes, in one transaction; then the bytes are
    /// deleted at once when storage answers, or later by the sweeper when it does not.
    /// </summary>
    public override async Task<Empty> DeleteDocument(DeleteDocumentRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var (idea, document) = await FindAsync(request.Name, context);
        caller.RequireAuthorOrAdmin(idea, "delete its documents");
        caller.RequireOpenForChanges(idea, "delete documents");

        var cancellationToken = context.CancellationToken;
        // Quarantined bytes purged after retention left nothing to delete.
        var hasBytes = document.ObjectPurgeTime is null;
        var cleanup = new ObjectCleanupRecord { Bucket = document.Bucket, ObjectKey = document.ObjectKey, DueTime = Now() };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var deleted = await db.Documents.Where(d => d.Id == document.Id).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                // Deleted concurrently: the other delete answered for the bytes.
                throw ServiceDefaults.Errors.RpcErrors.NotFound("Document", request.Name);
            }

            if (hasBytes)
            {
                db.ObjectCleanups.Add(cleanup);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        logger.DocumentDeleted(document.Id, caller.UserId);
        if (hasBytes)
        {
            await DeleteNowAsync(cleanup);
        }

        return new Empty();
    }

    private async Task DeleteNowAsync(ObjectCleanupRecord cleanup)
    {
        try
        {
            await storage.DeleteAsync(cleanup.Bucket, cleanup.ObjectKey, CancellationToken.None);
        }
        catch (ObjectStorageException exception)
        {
            // The document is gone for the client either way; the sweeper retries the bytes.
            logger.StorageFailed(exception, exception.Operation, cleanup.ObjectKey);
            return;
        }

        await ForgetCleanupAsync(cleanup.Id);
    }
}
