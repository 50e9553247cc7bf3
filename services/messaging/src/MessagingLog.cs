using Microsoft.Extensions.Logging;

namespace Ideation.Messaging;

/// <summary>Every log line of the stream consumer, source-generated.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(1, LogLevel.Information, "Created consumer group {Group} on stream {Stream}")]
    public static partial void GroupCreated(this ILogger logger, string stream, string group);

    [LoggerMessage(2, LogLevel.Warning, "Consumer group {Group} of stream {Stream} is missing (Redis lost its data?): creating it again")]
    public static partial void GroupMissing(this ILogger logger, string stream, string group);

    [LoggerMessage(3, LogLevel.Information, "{Consumer} claimed {Count} abandoned entries of stream {Stream}")]
    public static partial void Claimed(this ILogger logger, string consumer, int count, string stream);

    [LoggerMessage(4, LogLevel.Information, "{Consumer} resumes {Count} of its own pending entries of stream {Stream}")]
    public static partial void ResumingPending(this ILogger logger, string consumer, int count, string stream);

    [LoggerMessage(5, LogLevel.Warning, "Pending entry {Id} of stream {Stream} was deleted from the stream: acknowledged without work")]
    public static partial void DeletedEntryDropped(this ILogger logger, string id, string stream);
}
