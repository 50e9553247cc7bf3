using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Ideation.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http;

namespace Ideation.Gateway.Hosting;

/// <summary>
/// Answers a request the gateway refuses itself, in the caller's own protocol: a gRPC client gets a
/// trailers-only response carrying the status (a bare HTTP error would reach its client as UNKNOWN,
/// UNAVAILABLE or the like), a REST client the HTTP status with the <c>google.rpc.Status</c> as JSON.
/// </summary>
internal static class RefusalResponse
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default
        .WithFormatDefaultValues(true)
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    /// <summary>A status with the ErrorInfo every refusal of the platform carries.</summary>
    public static Google.Rpc.Status Create(Code code, string reason, string message, IDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = RpcErrors.Domain };
        if (metadata is not null)
        {
            info.Metadata.Add(metadata);
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        return status;
    }

    /// <summary>Writes the refusal; <paramref name="httpStatus"/> is the REST answer's status code.</summary>
    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status, int httpStatus)
    {
        var response = context.Response;
        if (context.Request.IsGrpc())
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return Task.CompletedTask;
        }

        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Json.Format(status), context.RequestAborted);
    }
}
