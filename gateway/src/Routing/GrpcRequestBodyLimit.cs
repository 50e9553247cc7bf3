using System.Globalization;
using Google.Rpc;
using Ideation.Gateway.Hosting;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Ideation.Gateway.Routing;

/// <summary>
/// A step of the proxy pipeline that holds native gRPC calls to their route's body limit and refuses
/// a call over it with RESOURCE_EXHAUSTED: reason UPLOAD_TOO_LARGE for a service that takes uploads,
/// REQUEST_TOO_LARGE otherwise, in the caller's protocol.
/// </summary>
/// <remarks>
/// YARP applies a route's <c>MaxRequestBodySize</c> to plain HTTP requests only: for gRPC over HTTP/2
/// it lifts Kestrel's limit (a stream may rightly run long), so the bytes are counted here, as YARP
/// reads them (<see cref="BodySizeLimitStream"/>). Past the limit the read fails, YARP resets the call
/// to the backend (which never sees a complete, truncated stream) and sets 413, which would reach a
/// gRPC client as UNKNOWN: this step turns it into a status the client understands. A backend that had
/// already started its response (a bidirectional stream) cannot be answered any more; its stream is
/// reset.
/// </remarks>
internal static class GrpcRequestBodyLimit
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config;
        var request = context.Request;
        if (route?.MaxRequestBodySize is not > 0 || !request.IsGrpc())
        {
            await next(context);
            return;
        }

        var body = request.Body;
        request.Body = new BodySizeLimitStream(body, route.MaxRequestBodySize.Value);
        try
        {
            await next(context);
        }
        finally
        {
            request.Body = body;
        }

        if (!context.Response.HasStarted
            && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.RequestBodyClient, Exception: { } error }
            && IsBodyTooLarge(error))
        {
            context.Response.Clear();
            await RefusalResponse.WriteAsync(context, TooLarge(context, route), StatusCodes.Status413PayloadTooLarge);
        }
    }

    private static Google.Rpc.Status TooLarge(HttpContext context, Yarp.ReverseProxy.Configuration.RouteConfig route)
    {
        var service = route.Metadata?.GetValueOrDefault(YarpGrpcBackend.ServiceMetadataKey) ?? "";
        var (reason, what) = context.RequestServices.GetRequiredService<GrpcBodyLimits>().TakesUploads(service)
            ? ("UPLOAD_TOO_LARGE", "The upload")
            : ("REQUEST_TOO_LARGE", "The request");
        var maximum = route.MaxRequestBodySize!.Value.ToString(CultureInfo.InvariantCulture);
        return RefusalResponse.Create(Code.ResourceExhausted, reason, $"{what} exceeds the gateway's limit of {maximum} bytes.",
            new Dictionary<string, string> { ["maxBytes"] = maximum });
    }

    /// <summary>A refusal of a body over the limit, as YARP reports it (inside an AggregateException).</summary>
    private static bool IsBodyTooLarge(Exception error) => error switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsBodyTooLarge),
        { InnerException: { } inner } => IsBodyTooLarge(inner),
        _ => false,
    };
}
