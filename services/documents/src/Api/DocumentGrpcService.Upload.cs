using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.Documents.Logging;
using Ideation.Documents.Metrics;
using Ideation.Documents.Persistence;
using Ideation.Documents.Storage;
using Ideation.Documents.Uploads;
using Ideation.Documents.Validation;
using Ideation.Messaging;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ideation.Documents.Api;

public sealed partial class DocumentGrpcService
{
    public override async Task<Document> UploadDocument(IAsyncStreamReader<UploadDocumentRequest> requestStream, ServerCallContext context)
    {
        try
        {
            var (document, result) = await UploadAsync(requestStream, context);
            UploadMetrics.Count(result);
            return document;
        }
        catch (Exception exception)
        {
            UploadMetrics.Count(UploadMetrics.ResultOf(exception, context.CancellationToken.IsCancellationRequested));
            throw;
        }
    }

    /// <summary>The upload, and the result it counts as in <c>documents_uploads_total</c> when it succeeds.</summary>
    private async Task<(Document Document, string Result)> UploadAsync(IAsyncStreamReader<UploadDocumentRequest> requestStream, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var cancellationToken = context.CancellationToken;
        var announcedBytes = UploadLength.Of(context.RequestHeaders);
        if (announcedBytes > uploads.MaxBytes)
        {
            // Refused before anything is read, looked up or stored.
            throw IncomingFile.TooLarge(uploads.MaxBytes);
        }

        if (!await requestStream.MoveNext(cancellationToken))
        {
            throw RpcErrors.InvalidArgument("parent",
                "The upload stream has no message; the first one names the idea (parent), the file (filename) and its type (chunk.content_type).");
        }

        var first = requestStream.Current;
        var violations = new FieldViolations();
        var ideaId = DocumentNames.ParseIdea(first.Parent, "parent", violations);
        var filename = Filenames.Clean(first.Filename, "filename", violations);
        RequestIds.Validate(first.RequestId, "request_id", violations);
        if (ideaId is null)
        {
            violations.ThrowIfAny();
        }

        var idea = await ideas.GetAsync(first.Parent, Authorization(context), cancellationToken);
        caller.RequireAuthorOrAdmin(idea, "upload documents to it");
        violations.ThrowIfAny();
        caller.RequireOpenForChanges(idea, "upload documents");

        var requestId = first.RequestId.Length > 0 ? first.RequestId : null;
        if (requestId is not null && await FindByRequestIdAsync(ideaId!.Value, caller.UserId, requestId, cancellationToken) is { } earlier)
        {
            return (earlier.ToProto(), UploadMetrics.Replayed);
        }

        // Checked before any byte is stored, and again under the idea's lock before the insert.
        await RequireRoomAsync(ideaId!.Value, cancellationToken);

        var document = new DocumentRecord
        {
            // Random (version 4) ids: names cannot be guessed, and the object key never carries the file's name.
            Id = Guid.NewGuid(),
            IdeaId = ideaId.Value,
            Filename = filename!,
            DeclaredContentType = first.Chunk?.ContentType ?? "",
            Bucket = storage.Bucket,
            Uploader = caller.UserId,
            RequestId = requestId,
            ScanState = ScanState.Pending,
            ScanGeneration = 1,
            VerdictGeneration = 0,
        };
        document.ObjectKey = $"{document.IdeaId:D}/{document.Id:D}";

        var cleanupId = await ScheduleCleanupAsync(document.Bucket, document.ObjectKey, Now() + uploads.CleanupGracePeriod, cancellationToken);
        var stored = await ReceiveAsync(requestStream, first, document, announcedBytes, cleanupId, cancellationToken);
        return await InsertAsync(document, stored, cleanupId, cancellationToken);
    }

    /// <summary>
    /// Streams the file into storage: as one PutObject when its length was announced, else in parts.
    /// On any failure nothing stays behind: the upload is aborted, and an object it may have left is deleted.
    /// </summary>
    private async Task<StoredFile> ReceiveAsync(
        IAsyncStreamReader<UploadDocumentRequest> requestStream, UploadDocumentRequest first, DocumentRecord document, long? announcedBytes,
        long cleanupId, CancellationToken cancellationToken)
    {
        await using var upload = storage.BeginUpload(document.Bucket, document.ObjectKey, announcedBytes);
        using var file = new IncomingFile(upload, uploads.MaxBytes, announcedBytes, allowedTypes, IncomingFile.IsCsv(document.DeclaredContentType, document.Filename));
        try
        {
            await file.AppendAsync(first.Chunk?.Data.Memory ?? ReadOnlyMemory<byte>.Empty, cancellationToken);
            while (await requestStream.MoveNext(cancellationToken))
            {
                var message = requestStream.Current;
                RequireDataOnly(message);
                await file.AppendAsync(message.Chunk?.Data.Memory ?? ReadOnlyMemory<byte>.Empty, cancellationToken);
            }

            return await file.CompleteAsync(cancellationToken);
        }
        catch (ObjectStorageException exception)
        {
            logger.StorageFailed(exception, exception.Operation, document.ObjectKey);
            await DiscardAsync(upload, cleanupId, storageFailed: true);
            throw StorageUnavailable(exception);
        }
        catch (RpcException exception)
        {
            logger.UploadRefused(document.ObjectKey, exception.Status.Detail);
            await DiscardAsync(upload, cleanupId, storageFailed: false);
            throw;
        }
        catch (Exception)
        {
            // The client went away or the stream broke.
            await DiscardAsync(upload, cleanupId, storageFailed: false);
            throw;
        }
    }

    /// <summary>The document row, its scan job and the end of its cleanup row: one transaction, so all or none.</summary>
    private async Task<(Document Document, string Result)> InsertAsync(DocumentRecord document, StoredFile stored, long cleanupId, CancellationToken cancellationToken)
    {
        var now = Now();
        document.SizeBytes = stored.SizeBytes;
        document.Sha256 = stored.Sha256;
        document.ContentType = stored.ContentType;
        document.CreateTime = now;
        document.EnqueueTime = now;
        document.ScanRequestTime = now;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.ForIdea(document.IdeaId)})", cancellationToken);
            if (await db.Documents.CountAsync(d => d.IdeaId == document.IdeaId, cancellationToken) >= uploads.MaxDocumentsPerIdea)
            {
                await transaction.RollbackAsync(cancellationToken);
                await RemoveStoredAsync(document.Bucket, document.ObjectKey, cleanupId);
                throw TooManyDocuments();
            }

            db.Documents.Add(document);
            db.ScanOutbox.Add(new ScanOutboxRecord
            {
                DocumentId = document.Id,
                Generation = document.ScanGeneration,
                CreateTime = now,
                TraceParent = MessageTracing.CurrentTraceParent(),
            });
            await db.SaveChangesAsync(cancellationToken);
            await db.ObjectCleanups.Where(c => c.Id == cleanupId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            scanJobs.JobsCommitted();
        }
        catch (DbUpdateException exception) when (document.RequestId is not null && exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: DocumentsDbContext.RequestIdIndex,
        })
        {
            // A concurrent retry of the same request committed first: its document is the answer, ours is surplus.
            db.ChangeTracker.Clear();
            await MakeCleanupDueAsync(cleanupId);
            var winner = await FindByRequestIdAsync(document.IdeaId, document.Uploader, document.RequestId, cancellationToken);
            return (winner?.ToProto() ?? throw new InvalidOperationException("The unique index reported a document that cannot be read.", exception), UploadMetrics.Replayed);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            db.ChangeTracker.Clear();
            await MakeCleanupDueAsync(cleanupId);
            throw;
        }

        logger.DocumentUploaded(document.Id, document.IdeaId, document.Uploader, document.SizeBytes, document.ContentType);
        return (document.ToProto(), UploadMetrics.Accepted);
    }

    private static void RequireDataOnly(UploadDocumentRequest message)
    {
        var violations = new FieldViolations();
        foreach (var (field, value) in new[] { ("parent", message.Parent), ("filename", message.Filename), ("request_id", message.RequestId) })
        {
            if (value.Length > 0)
            {
                violations.Add(field, "Set it in the first message only; later messages carry chunk.data alone.");
            }
        }

        violations.ThrowIfAny();
    }

    private async Task RequireRoomAsync(Guid ideaId, CancellationToken cancellationToken)
    {
        if (await db.Documents.CountAsync(d => d.IdeaId == ideaId, cancellationToken) >= uploads.MaxDocumentsPerIdea)
        {
            throw TooManyDocuments();
        }
    }

    private RpcException TooManyDocuments() =>
        RpcErrors.FailedPrecondition("TOO_MANY_DOCUMENTS",
            $"The idea already has {uploads.MaxDocumentsPerIdea} documents, the most it may have; delete one before uploading another.");

    private async Task<DocumentRecord?> FindByRequestIdAsync(Guid ideaId, string uploader, string requestId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking()
            .SingleOrDefaultAsync(d => d.IdeaId == ideaId && d.Uploader == uploader && d.RequestId == requestId, cancellationToken);
        if (document is not null)
        {
            logger.UploadReplayed(requestId, uploader, document.Id);
        }

        return document;
    }

    /// <summary>Committed before the first byte is stored: whatever happens next, the object cannot be orphaned.</summary>
    private async Task<long> ScheduleCleanupAsync(string bucket, string key, DateTime dueTime, CancellationToken cancellationToken)
    {
        var cleanup = new ObjectCleanupRecord { Bucket = bucket, ObjectKey = key, DueTime = dueTime };
        db.ObjectCleanups.Add(cleanup);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(cleanup).State = EntityState.Detached;
        return cleanup.Id;
    }

    /// <summary>
    /// After a failed upload: abort it. While no object can exist the cleanup row has no more work;
    /// once one may (a completion sent, a PutObject cut short), it is deleted now, or, when storage is
    /// what failed, the row is made due so that the sweeper deletes it once storage is back. Parts of
    /// an upload that cannot be aborted (storage down) are no object: the bucket's lifecycle rule for
    /// incomplete multipart uploads removes them. Never uses the call's token: a cancelled upload must
    /// still be cleaned up.
    /// </summary>
    private async Task DiscardAsync(IObjectUpload upload, long cleanupId, bool storageFailed)
    {
        try
        {
            await upload.AbortAsync();
        }
        catch (ObjectStorageException exception)
        {
            logger.StorageFailed(exception, exception.Operation, upload.Key);
        }

        if (upload.ObjectMayExist && storageFailed)
        {
            await MakeCleanupDueAsync(cleanupId);
        }
        else if (upload.ObjectMayExist)
        {
            await RemoveStoredAsync(upload.Bucket, upload.Key, cleanupId);
        }
        else
        {
            await ForgetCleanupAsync(cleanupId);
        }
    }

    /// <summary>Deletes a stored object now, or leaves it to its cleanup row (made due) when storage fails.</summary>
    private async Task RemoveStoredAsync(string bucket, string key, long cleanupId)
    {
        try
        {
            await storage.DeleteAsync(bucket, key, CancellationToken.None);
            await ForgetCleanupAsync(cleanupId);
        }
        catch (ObjectStorageException exception)
        {
            logger.StorageFailed(exception, exception.Operation, key);
            await MakeCleanupDueAsync(cleanupId);
        }
    }

    private async Task MakeCleanupDueAsync(long cleanupId)
    {
        var now = Now();
        await BestEffortAsync(cleanupId, () => db.ObjectCleanups.Where(c => c.Id == cleanupId)
            .ExecuteUpdateAsync(update => update.SetProperty(c => c.DueTime, now), CancellationToken.None));
    }

    private Task ForgetCleanupAsync(long cleanupId) =>
        BestEffortAsync(cleanupId, () => db.ObjectCleanups.Where(c => c.Id == cleanupId).ExecuteDeleteAsync(CancellationToken.None));

    /// <summary>Bookkeeping after a failure must not hide the failure: if the database fails too, the row's due time stands.</summary>
    private async Task BestEffortAsync(long cleanupId, Func<Task<int>> change)
    {
        try
        {
            await change();
        }
        catch (Exception exception) when (exception is NpgsqlException or DbUpdateException or InvalidOperationException)
        {
            logger.CleanupBookkeepingFailed(exception, cleanupId);
        }
    }
}
