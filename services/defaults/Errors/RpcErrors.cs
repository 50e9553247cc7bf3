using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ideation.ServiceDefaults.Errors;

/// <summary>
/// Builds RpcExceptions that carry a <c>google.rpc.Status</c> with machine-readable details, so that
/// clients (and the gateway's JSON) get the reason and the offending fields, not just a code.
/// </summary>
public static class RpcErrors
{
    /// <summary>The ErrorInfo domain of every error the platform raises.</summary>
    public const string Domain = "ideation.example.com";

    /// <summary>The ErrorInfo reason of a request whose bytes do not decode (<see cref="MalformedRequest"/>).</summary>
    public const string MalformedRequestReason = "MALFORMED_REQUEST";

    public static RpcException InvalidArgument(string message, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        return Create(Code.InvalidArgument, message, "INVALID_ARGUMENT", badRequest);
    }

    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument(description, [new BadRequest.Types.FieldViolation { Field = field, Description = description }]);

    /// <summary>An argument error with a reason of its own, for refusals a client handles specifically (a content type not allowed).</summary>
    public static RpcException InvalidArgument(string reason, string message, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        return Create(Code.InvalidArgument, message, reason, badRequest);
    }

    /// <summary>
    /// Request bytes that do not decode as their message (malformed protobuf): reason MALFORMED_REQUEST,
    /// with a BadRequest naming the fields found at fault, when any were.
    /// </summary>
    public static RpcException MalformedRequest(string message, IReadOnlyCollection<BadRequest.Types.FieldViolation> violations)
    {
        if (violations.Count == 0)
        {
            return Create(Code.InvalidArgument, message, MalformedRequestReason);
        }

        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        return Create(Code.InvalidArgument, message, MalformedRequestReason, badRequest);
    }

    public static RpcException NotFound(string resourceType, string resourceName) =>
        Create(Code.NotFound, $"{resourceType} '{resourceName}' was not found.", $"{ToUpperSnake(resourceType)}_NOT_FOUND",
            new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName });

    public static RpcException PermissionDenied(string reason, string message) =>
        Create(Code.PermissionDenied, message, reason);

    public static RpcException FailedPrecondition(string reason, string message) =>
        Create(Code.FailedPrecondition, message, reason);

    public static RpcException Aborted(string reason, string message) =>
        Create(Code.Aborted, message, reason);

    /// <summary>A limit was reached (an upload too large); the gateway maps some reasons to HTTP statuses of their own (UPLOAD_TOO_LARGE: 413).</summary>
    public static RpcException ResourceExhausted(string reason, string message) =>
        Create(Code.ResourceExhausted, message, reason);

    /// <summary>Stored data is missing or damaged: not the client's fault, and not fixed by retrying.</summary>
    public static RpcException DataLoss(string reason, string message) =>
        Create(Code.DataLoss, message, reason);

    /// <summary>A dependency is down; the client may retry later, with backoff.</summary>
    public static RpcException Unavailable(string reason, string message) =>
        Create(Code.Unavailable, message, reason);

    /// <summary>
    /// Longest message, and longest field path or description of a BadRequest, an error carries. They
    /// often quote what the client sent (a name, a category), which may be as long as the request
    /// allows, and a status travels in the response's trailers (twice: grpc-message and the details),
    /// which gRPC clients cap at 64 KiB by default, the gateway's included. A status over the cap
    /// reaches the client as a transport failure (the gateway answered 503) instead of itself.
    /// </summary>
    public const int MaxTextLength = 512;

    private const string Shortened = "… (shortened)";

    private static RpcException Create(Code code, string message, string reason, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Bounded(message) };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        foreach (var detail in details)
        {
            if (detail is BadRequest badRequest)
            {
                foreach (var violation in badRequest.FieldViolations)
                {
                    violation.Field = Bounded(violation.Field);
                    violation.Description = Bounded(violation.Description);
                }
            }

            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }

    /// <summary>The text, or its first <see cref="MaxTextLength"/> characters (never half a surrogate pair) marked as shortened.</summary>
    private static string Bounded(string text)
    {
        if (text.Length <= MaxTextLength)
        {
            return text;
        }

        var keep = char.IsHighSurrogate(text[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return string.Concat(text.AsSpan(0, keep), Shortened);
    }

    private static string ToUpperSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
