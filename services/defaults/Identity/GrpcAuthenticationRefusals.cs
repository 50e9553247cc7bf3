using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Code = Google.Rpc.Code;
using ErrorInfo = Google.Rpc.ErrorInfo;
using Ideation.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace Ideation.ServiceDefaults.Identity;

/// <summary>
/// Answers a gRPC call that authentication or a role requirement refuses the way every other refusal
/// of the platform is answered: a trailers-only response whose google.rpc.Status carries an ErrorInfo.
/// ASP.NET Core's bare HTTP 401 or 403 reaches a gRPC client as a code without a reason or message.
/// </summary>
internal static class GrpcAuthenticationRefusals
{
    public static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        if (!IsGrpc(context.Request))
        {
            return Task.CompletedTask;
        }

        context.HandleResponse();
        var message = context.AuthenticateFailure is null
            ? "A bearer token is required: send the metadata 'authorization: Bearer <token>'."
            : "The bearer token is invalid or expired; obtain a new one.";
        return WriteAsync(context.Response, Code.Unauthenticated, "UNAUTHENTICATED", message);
    }

    public static Task ForbiddenAsync(ForbiddenContext context) =>
        IsGrpc(context.Request)
            ? WriteAsync(context.Response, Code.PermissionDenied, "ROLE_REQUIRED", "The caller's roles do not allow this method.")
            : Task.CompletedTask;

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    private static Task WriteAsync(HttpResponse response, Code code, string reason, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = RpcErrors.Domain }));
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        return Task.CompletedTask;
    }
}
