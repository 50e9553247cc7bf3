using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Ideation.Gateway.Transcoding;

/// <summary>
/// Serves every REST request under the transcoded prefixes: finds its HTTP rule, builds the request
/// message, calls the backend over gRPC and writes the answer as JSON (a server stream as one JSON
/// object per line). An upload (a client stream whose body is a google.api.HttpBody) streams the raw
/// request body to the backend in chunks. Every error, its own or the backend's, is a <c>google.rpc.Status</c>.
/// </summary>
internal sealed partial class TranscodingHandler(
    RouteTable routes,
    ProtoJson json,
    IGrpcBackend backend,
    IOptions<TranscodingOptions> options,
    ILogger<TranscodingHandler> logger)
{
    private const string RequestIdHeader = "x-request-id";

    private readonly TimeSpan _deadline = options.Value.Deadline;
    private readonly TimeSpan _uploadDeadline = options.Value.UploadDeadline;
    private readonly int _uploadChunkSize = options.Value.UploadChunkSize;

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        switch (routes.Match(request.Method, path, out var route, out var pathValues))
        {
            case RouteMatchStatus.Matched:
                context.Features.Set(route!.MetricsRoute);
                return route!.Method switch
                {
                    { IsClientStreaming: true } => HandleUploadAsync(context, route, pathValues),
                    { IsServerStreaming: true } => HandleServerStreamingAsync(context, route, pathValues),
                    _ => HandleUnaryAsync(context, route, pathValues),
                };
            case RouteMatchStatus.MethodNotAllowed:
                var allowed = routes.AllowedMethods(path);
                context.Response.Headers.Allow = string.Join(", ", allowed);
                return WriteStatusAsync(context, StatusCodes.Status405MethodNotAllowed, new Google.Rpc.Status
                {
                    Code = (int)StatusCode.Unimplemented,
                    Message = $"{request.Method} is not allowed on {path}; allowed: {string.Join(", ", allowed)}.",
                }, streamed: false).AsTask();
            default:
                var notFound = TranscodingException.NotFound($"No REST route matches {request.Method} {path}.").Status;
                return WriteStatusAsync(context, StatusCodes.Status404NotFound, notFound, streamed: false).AsTask();
        }
    }

    private async Task HandleUnaryAsync(HttpContext context, TranscodedRoute route, string[]? pathValues)
    {
        try
        {
            var message = await RequestBinder.BindAsync(context, route, pathValues, json);
            var invoker = backend.For(route.Method.Service);
            using var call = invoker.AsyncUnaryCall(route.Method.GrpcMethod, null, CreateCallOptions(context, _deadline), message);
            var response = await call.ResponseAsync;
            // A response is formatted whole before its first byte is written, so a formatting error
            // (an Any of an unknown type, say) still becomes an error status.
            await WriteResponseAsync(context, route, response, streamed: false);
        }
        catch (Exception exception)
        {
            await WriteErrorAsync(context, route, exception, streamed: false);
        }
    }

    private async Task HandleServerStreamingAsync(HttpContext context, TranscodedRoute route, string[]? pathValues)
    {
        try
        {
            var message = await RequestBinder.BindAsync(context, route, pathValues, json);
            var invoker = backend.For(route.Method.Service);
            using var call = invoker.AsyncServerStreamingCall(route.Method.GrpcMethod, null, CreateCallOptions(context, _deadline), message);
            // The response starts with the first message (or the error that comes instead), so that an
            // error before any message still gets its HTTP status.
            while (await call.ResponseStream.MoveNext(context.RequestAborted))
            {
                var flush = await WriteResponseAsync(context, route, call.ResponseStream.Current, streamed: true);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            await WriteErrorAsync(context, route, exception, streamed: true);
        }
    }

    private async Task HandleUploadAsync(HttpContext context, TranscodedRoute route, string[]? pathValues)
    {
        // Kestrel refuses any request body over MaxRequestBodySize (30 MB by default). An upload's body
        // never sits in the gateway (it streams to the backend one chunk at a time), and how large a
        // document may be is the backend's rule: it answers RESOURCE_EXHAUSTED with ErrorInfo reason
        // UPLOAD_TOO_LARGE, which becomes 413. So the limit is lifted for this request only, before its
        // body is read; every other route keeps Kestrel's default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        try
        {
            var head = RequestBinder.BindUploadHead(context, route, pathValues, json);
            var invoker = backend.For(route.Method.Service);
            using var call = invoker.AsyncClientStreamingCall(route.Method.GrpcMethod, null, CreateCallOptions(context, _uploadDeadline));
            if (!await HttpBodyUpload.SendAsync(context, route, head, call.RequestStream, call.ResponseAsync, _uploadChunkSize))
            {
                LeaveBodyUnread(context);
            }

            var response = await call.ResponseAsync;
            await WriteResponseAsync(context, route, response, streamed: false);
        }
        catch (Exception exception)
        {
            await WriteErrorAsync(context, route, exception, streamed: false);
        }
    }

    /// <summary>
    /// The backend answered before the end of the body, which stays unread: an HTTP/1.x client is told to
    /// close the connection (instead of Kestrel draining the rest of a large upload); HTTP/2 and later
    /// end just the stream by themselves.
    /// </summary>
    private static void LeaveBodyUnread(HttpContext context)
    {
        var protocol = context.Request.Protocol;
        if (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    private static CallOptions CreateCallOptions(HttpContext context, TimeSpan deadline)
    {
        var headers = context.Request.Headers;
        Metadata? metadata = null;
        if (headers.Authorization is [{ } authorization, ..])
        {
            metadata = new Metadata { { "authorization", authorization } };
        }

        if (headers.TryGetValue(RequestIdHeader, out var requestId) && requestId is [{ } id, ..])
        {
            (metadata ??= []).Add(RequestIdHeader, id);
        }

        return new CallOptions(metadata, DateTime.UtcNow.Add(deadline), context.RequestAborted);
    }

    private ValueTask<FlushResult> WriteResponseAsync(HttpContext context, TranscodedRoute route, IMessage message, bool streamed)
    {
        var response = context.Response;
        if (route.ResponseBodyField is null && ProtoFields.IsHttpBody(message.Descriptor))
        {
            return HttpBodyResponse.WriteAsync(response, message);
        }

        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = JsonResponses.JsonContentType;
        }

        return route.ResponseBodyField is { } field
            ? JsonResponses.WriteValueAsync(response, json.Formatter, field.Accessor.GetValue(message), streamed)
            : JsonResponses.WriteAsync(response, json.Formatter, message, streamed);
    }

    private async Task WriteErrorAsync(HttpContext context, TranscodedRoute route, Exception exception, bool streamed)
    {
        Google.Rpc.Status status;
        switch (exception)
        {
            case TranscodingException refused:
                status = refused.Status;
                break;
            case RpcException or OperationCanceledException or IOException when context.RequestAborted.IsCancellationRequested:
                LogClientGone(logger, route.Method.ToString());
                return;
            case BadHttpRequestException badRequest:
                // Kestrel's own refusals while reading the body: too large, too slow, malformed.
                await WriteStatusAsync(context, badRequest.StatusCode,
                    new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = badRequest.Message }, streamed);
                return;
            case RpcException rpc:
                LogBackendError(logger, route.Method.ToString(), rpc.StatusCode, rpc.Status.Detail);
                status = GrpcStatusMapping.ToStatus(rpc);
                break;
            default:
                LogUnexpectedError(logger, exception, route.Method.ToString());
                status = new Google.Rpc.Status { Code = (int)StatusCode.Internal, Message = "The gateway failed to transcode this call." };
                break;
        }

        await WriteStatusAsync(context, GrpcStatusMapping.ToHttpStatus(status), status, streamed);
    }

    private ValueTask<FlushResult> WriteStatusAsync(HttpContext context, int httpStatus, Google.Rpc.Status status, bool streamed)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = httpStatus;
            response.ContentType = JsonResponses.JsonContentType;
        }

        return JsonResponses.WriteStatusAsync(response, json, status, streamed);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "REST call of {Method} ended: the client went away.")]
    private static partial void LogClientGone(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "REST call of {Method} failed with {StatusCode}: {Detail}")]
    private static partial void LogBackendError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST call of {Method} failed in the gateway.")]
    private static partial void LogUnexpectedError(ILogger logger, Exception exception, string method);
}
