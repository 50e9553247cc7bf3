namespace Ideation.Documents.Logging;

/// <summary>
/// The API's log lines, source-generated. Event ids 1-99 belong to the API and migrations; the scan
/// pipeline keeps its own log class with ids from 100.
/// </summary>
internal static partial class DocumentsLog
{
    [LoggerMessage(1, LogLevel.Information, "Document {DocumentId} of idea {IdeaId} uploaded by {Uploader}: {SizeBytes} bytes, {ContentType}")]
    public static partial void DocumentUploaded(this ILogger logger, Guid documentId, Guid ideaId, string uploader, long sizeBytes, string contentType);

    [LoggerMessage(2, LogLevel.Information, "Upload request {RequestId} of {Uploader} repeated: returning document {DocumentId}")]
    public static partial void UploadReplayed(this ILogger logger, string requestId, string uploader, Guid documentId);

    [LoggerMessage(3, LogLevel.Information, "Upload of {ObjectKey} refused: {Reason}")]
    public static partial void UploadRefused(this ILogger logger, string objectKey, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Object storage failed during {Operation} of {ObjectKey}")]
    public static partial void StorageFailed(this ILogger logger, Exception exception, string operation, string objectKey);

    [LoggerMessage(5, LogLevel.Information, "Document {DocumentId} deleted by {Actor}")]
    public static partial void DocumentDeleted(this ILogger logger, Guid documentId, string actor);

    [LoggerMessage(6, LogLevel.Information, "Document {DocumentId} queued for rescan (generation {Generation}) by {Actor}")]
    public static partial void RescanRequested(this ILogger logger, Guid documentId, long generation, string actor);

    [LoggerMessage(7, LogLevel.Warning, "Document {DocumentId} released from quarantine by {Actor}: {Reason}")]
    public static partial void DocumentReleased(this ILogger logger, Guid documentId, string actor, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Ideas service unavailable for a permission check: {Detail}")]
    public static partial void IdeasUnavailable(this ILogger logger, string detail);

    [LoggerMessage(9, LogLevel.Information, "Created bucket {Bucket}")]
    public static partial void BucketCreated(this ILogger logger, string bucket);

    [LoggerMessage(13, LogLevel.Warning, "Could not update cleanup row {CleanupId}; it keeps its due time")]
    public static partial void CleanupBookkeepingFailed(this ILogger logger, Exception exception, long cleanupId);
}
