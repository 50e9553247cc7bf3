using Microsoft.Extensions.Logging;

namespace Ideation.Ideas.Logging;

/// <summary>Every log line of the ideas service, source-generated (no boxing, no parsing at run time).</summary>
internal static partial class IdeasLog
{
    [LoggerMessage(1, LogLevel.Information, "Idea {IdeaId} created by {Author}")]
    public static partial void IdeaCreated(this ILogger logger, Guid ideaId, string author);

    [LoggerMessage(2, LogLevel.Information, "Create request {RequestId} of {Author} repeated: returning idea {IdeaId}")]
    public static partial void CreateReplayed(this ILogger logger, string requestId, string author, Guid ideaId);

    [LoggerMessage(3, LogLevel.Information, "Idea {IdeaId} edited by {Actor}: {Fields}")]
    public static partial void IdeaEdited(this ILogger logger, Guid ideaId, string actor, string fields);

    [LoggerMessage(4, LogLevel.Information, "Idea {IdeaId} moved from {From} to {To} by {Actor}")]
    public static partial void IdeaMoved(this ILogger logger, Guid ideaId, string from, string to, string actor);

    [LoggerMessage(5, LogLevel.Information, "Idea {IdeaId} deleted by {Actor}")]
    public static partial void IdeaDeleted(this ILogger logger, Guid ideaId, string actor);

    [LoggerMessage(6, LogLevel.Debug, "Idea {IdeaId} changed concurrently; retrying (attempt {Attempt})")]
    public static partial void RetryingAfterConflict(this ILogger logger, Guid ideaId, int attempt);

    // Debug: while Redis is away every read would log it; ideas_cache_lookups_total{result="error"} counts them.
    [LoggerMessage(7, LogLevel.Debug, "Idea cache {Operation} skipped, Redis unavailable: {Reason}")]
    public static partial void CacheUnavailable(this ILogger logger, string operation, string reason);
}
