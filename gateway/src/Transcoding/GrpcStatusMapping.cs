using Grpc.Core;

namespace Ideation.Gateway.Transcoding;

/// <summary>gRPC status codes as HTTP statuses, and RpcExceptions as <c>google.rpc.Status</c> messages.</summary>
internal static class GrpcStatusMapping
{
    /// <summary>The ErrorInfo reason of a RESOURCE_EXHAUSTED that means: the uploaded file is too large.</summary>
    public const string UploadTooLargeReason = "UPLOAD_TOO_LARGE";

    /// <summary>The ErrorInfo reason of a RESOURCE_EXHAUSTED that means: a (JSON) request body is too large.</summary>
    public const string RequestTooLargeReason = "REQUEST_TOO_LARGE";

    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>
    /// The table of ASP.NET Core's JSON transcoding (JsonRequestHelpers.MapStatusCodeToHttpStatus),
    /// so that a client sees the same status through the gateway as from an in-process transcoder.
    /// </summary>
    public static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status408RequestTimeout,
        StatusCode.Unknown => StatusCodes.Status500InternalServerError,
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        // Deliberately not 412: FAILED_PRECONDITION is about the system's state, not HTTP conditional headers.
        StatusCode.FailedPrecondition => StatusCodes.Status400BadRequest,
        StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Internal => StatusCodes.Status500InternalServerError,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DataLoss => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static int ToHttpStatus(int code) => ToHttpStatus((StatusCode)code);

    /// <summary>
    /// The HTTP status of a <c>google.rpc.Status</c>: that of its code, but for the one exception to the
    /// table: RESOURCE_EXHAUSTED whose ErrorInfo reason is UPLOAD_TOO_LARGE or REQUEST_TOO_LARGE is 413
    /// (Content Too Large), the answer an HTTP client expects for a body over the limit; any other
    /// RESOURCE_EXHAUSTED stays 429.
    /// </summary>
    public static int ToHttpStatus(Google.Rpc.Status status) =>
        status.Code == (int)StatusCode.ResourceExhausted
        && (HasErrorReason(status, UploadTooLargeReason) || HasErrorReason(status, RequestTooLargeReason))
            ? StatusCodes.Status413PayloadTooLarge
            : ToHttpStatus(status.Code);

    /// <summary>
    /// The rich status the backend sent in the <c>grpc-status-details-bin</c> trailer, or one made of
    /// the code and message when there is none (or it cannot be read).
    /// </summary>
    public static Google.Rpc.Status ToStatus(RpcException exception)
    {
        var details = exception.Trailers.GetValueBytes(StatusDetailsTrailer);
        if (details is not null)
        {
            try
            {
                return Google.Rpc.Status.Parser.ParseFrom(details);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                // A corrupt trailer must not hide the error itself.
            }
        }

        return new Google.Rpc.Status { Code = (int)exception.StatusCode, Message = exception.Status.Detail };
    }

    private static bool HasErrorReason(Google.Rpc.Status status, string reason)
    {
        foreach (var detail in status.Details)
        {
            if (detail.Is(Google.Rpc.ErrorInfo.Descriptor))
            {
                try
                {
                    if (detail.Unpack<Google.Rpc.ErrorInfo>().Reason == reason)
                    {
                        return true;
                    }
                }
                catch (Google.Protobuf.InvalidProtocolBufferException)
                {
                    // A corrupt detail is not the reason looked for.
                }
            }
        }

        return false;
    }
}
