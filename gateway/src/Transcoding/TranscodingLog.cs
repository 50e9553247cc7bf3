namespace Ideation.Gateway.Transcoding;

internal static partial class TranscodingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Not transcoded: {Reason}")]
    public static partial void MethodSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "REST transcoding serves {RouteCount} routes under {Patterns}.")]
    public static partial void RoutesMapped(ILogger logger, int routeCount, string patterns);
}
