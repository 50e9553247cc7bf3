using Google.Rpc;
using Grpc.Core;
using Prometheus;

namespace Ideation.Documents.Metrics;

/// <summary>
/// <c>documents_uploads_total{result}</c>: what became of each upload. The results are the fixed set
/// of constants below, so that a new error message never becomes a new series.
/// </summary>
internal static class UploadMetrics
{
    public const string Accepted = "accepted";

    /// <summary>A repeated request (same request_id) answered with the document it created before.</summary>
    public const string Replayed = "replayed";

    public const string TooLarge = "too_large";
    public const string TypeNotAllowed = "type_not_allowed";
    public const string TooManyDocuments = "too_many_documents";

    /// <summary>The idea is no longer open for changes (in review or decided).</summary>
    public const string IdeaClosed = "idea_closed";

    /// <summary>Any other invalid request: no parent, a bad filename, an empty file.</summary>
    public const string Invalid = "invalid";

    /// <summary>The idea is unknown or invisible to the caller, or the caller may not attach to it.</summary>
    public const string Denied = "denied";

    /// <summary>Storage or the ideas service could not be reached: nothing was kept, the client may retry.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The client went away or cancelled before the upload completed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Anything else: an error of the service's own.</summary>
    public const string Failed = "failed";

    private static readonly Counter Uploads = Prometheus.Metrics.CreateCounter(
        "documents_uploads_total", "Uploads by result: accepted, replayed, or why they were refused.",
        new CounterConfiguration { LabelNames = ["result"] });

    public static void Count(string result) => Uploads.WithLabels(result).Inc();

    /// <summary>The result an upload that ended in <paramref name="exception"/> counts as.</summary>
    public static string ResultOf(Exception exception, bool callCancelled) => exception switch
    {
        RpcException rpc => ResultOf(rpc, callCancelled),
        _ when callCancelled => Cancelled,
        OperationCanceledException or IOException => Cancelled,
        _ => Failed,
    };

    private static string ResultOf(RpcException exception, bool callCancelled) =>
        (exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason, exception.StatusCode) switch
        {
            ("UPLOAD_TOO_LARGE", _) => TooLarge,
            ("CONTENT_TYPE_NOT_ALLOWED", _) => TypeNotAllowed,
            ("TOO_MANY_DOCUMENTS", _) => TooManyDocuments,
            ("IDEA_NOT_OPEN_FOR_CHANGES", _) => IdeaClosed,
            (_, StatusCode.InvalidArgument) => Invalid,
            (_, StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.Unauthenticated) => Denied,
            (_, StatusCode.Unavailable or StatusCode.DeadlineExceeded) => Unavailable,
            (_, StatusCode.Cancelled) => Cancelled,
            _ when callCancelled => Cancelled,
            _ => Failed,
        };
}
