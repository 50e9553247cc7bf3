using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Ideation.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Ideation.Gateway.Security;

/// <summary>
/// Refuses a call without a valid token in the caller's own protocol: gRPC clients get a
/// trailers-only response with status UNAUTHENTICATED (a bare HTTP 401 would surface as UNKNOWN or
/// UNAVAILABLE in their client), REST clients get HTTP 401 with a google.rpc.Status JSON body.
/// </summary>
internal static class UnauthenticatedResponse
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default
        .WithFormatDefaultValues(true)
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    public static Task WriteAsync(HttpContext context, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.Unauthenticated, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = "UNAUTHENTICATED", Domain = RpcErrors.Domain }));

        var response = context.Response;
        response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        if (context.Request.IsGrpc())
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)Code.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Json.Format(status), context.RequestAborted);
    }
}
