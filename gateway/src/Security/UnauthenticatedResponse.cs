using Google.Rpc;
using Ideation.Gateway.Hosting;
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
    public static Task WriteAsync(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return RefusalResponse.WriteAsync(context, RefusalResponse.Create(Code.Unauthenticated, "UNAUTHENTICATED", message), StatusCodes.Status401Unauthorized);
    }
}
