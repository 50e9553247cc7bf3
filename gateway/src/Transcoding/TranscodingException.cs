using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Gateway.Transcoding;

/// <summary>
/// A request the transcoder refuses before calling a backend (no route, a bad query parameter, bad
/// JSON): it carries the <c>google.rpc.Status</c> the client gets, in the HTTP status of its code.
/// </summary>
internal sealed class TranscodingException(Google.Rpc.Status status) : Exception(status.Message)
{
    public Google.Rpc.Status Status { get; } = status;

    public static TranscodingException NotFound(string message) => new(Create(Code.NotFound, message));

    public static TranscodingException InvalidArgument(string message) => new(Create(Code.InvalidArgument, message));

    /// <summary>INVALID_ARGUMENT with a BadRequest detail naming the offending field or parameter.</summary>
    public static TranscodingException InvalidField(string field, string description) =>
        new(Create(Code.InvalidArgument, description, new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } },
        }));

    /// <summary>
    /// RESOURCE_EXHAUSTED for a request body over the gateway's limit for its route: an upload's
    /// (UPLOAD_TOO_LARGE, as the backends say it) or a JSON body's (REQUEST_TOO_LARGE). Both are 413.
    /// </summary>
    public static TranscodingException BodyTooLarge(bool upload, long maxBytes)
    {
        var (reason, what) = upload
            ? (GrpcStatusMapping.UploadTooLargeReason, "The upload")
            : (GrpcStatusMapping.RequestTooLargeReason, "The request body");
        var maximum = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new(Create(Code.ResourceExhausted, $"{what} exceeds the gateway's limit of {maximum} bytes.", new ErrorInfo
        {
            Reason = reason,
            Domain = RpcErrors.Domain,
            Metadata = { ["maxBytes"] = maximum },
        }));
    }

    private static Google.Rpc.Status Create(Code code, string message, IMessage? detail = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status;
    }
}
