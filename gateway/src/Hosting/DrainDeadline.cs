using Grpc.Core;
using Ideation.ServiceDefaults.Shutdown;

namespace Ideation.Gateway.Hosting;

/// <summary>
/// What the gateway does with a request still in flight when its drain timeout ends: instead of letting
/// the host cut the connection (which a client sees as a reset, or as INTERNAL), it cancels the backend
/// call a moment before (<see cref="DrainState.DrainExpired"/>) and answers UNAVAILABLE, which every
/// client knows to retry: a trailers-only gRPC status 14 for gRPC, HTTP 503 with the JSON status for
/// REST. A response already under way (a download) cannot change its status and is cut as before.
/// </summary>
internal static class DrainDeadline
{
    private const string Message = "The gateway restarted before this request finished; retry it.";

    public static IApplicationBuilder UseDrainDeadline(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var drain = context.RequestServices.GetRequiredService<DrainState>();
            var clientAborted = context.RequestAborted;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, drain.DrainExpired);
            // The transcoder and YARP both end their backend call when RequestAborted fires, and write nothing.
            context.RequestAborted = linked.Token;
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (drain.DrainExpired.IsCancellationRequested && !clientAborted.IsCancellationRequested)
            {
                // Answered below.
            }

            if (!drain.DrainExpired.IsCancellationRequested || clientAborted.IsCancellationRequested || context.Response.HasStarted)
            {
                return;
            }

            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            if (GrpcRequests.IsGrpc(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = ((int)StatusCode.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["grpc-message"] = Message;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":{{(int)StatusCode.Unavailable}},"message":"{{Message}}","details":[]}""", CancellationToken.None);
        });
}
