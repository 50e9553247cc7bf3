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

    private static RpcException Create(Code code, string message, string reason, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        foreach (var detail in details)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }

    private static string ToUpperSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
