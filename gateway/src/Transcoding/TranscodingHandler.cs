using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.ServiceDefaults.Resilience;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Ideation.Gateway.Transcoding;

/// <summary>
/// Serves every REST request under the transcoded prefixes: finds its HTTP rule, builds the request
/// message, calls the backend over gRPC and writes the answer as JSON (a server stream as one JSON
/// object per line). An upload (a client stream whose body is a google.api.HttpBody) streams the raw
/// request body to the backend in chunks; a google.api.HttpBody response (a download) is written as raw
/// bytes (see <see cref="HttpBodyResponse"/>). Every error, its own or the backend's, is a <c>google.rpc.Status</c>.
/// </summary>
/// <remarks>
/// Request bodies are limited per route, before the first byte is read: an upload to
/// <see cref="TranscodingOptions.MaxUploadBytes"/>, any other body to
/// <see cref="TranscodingOptions.MaxRequestBodyBytes"/>. Over the limit the answer is 413 with a
/// RESOURCE_EXHAUSTED status (reason UPLOAD_TOO_LARGE or REQUEST_TOO_LARGE).
/// </remarks>
internal sealed partial class TranscodingHandler(
    RouteTable routes,
    ProtoJson json,
    IGrpcBackend backend,
    IOptions<TranscodingOptions> options,
    ILogger<TranscodingHandler> logger)
{
    private const string RequestIdHeader = "x-request-id";

    /// <summary>An upload's exact length in bytes, as the documents service reads it.</summary>
    internal const string UploadLengthHeader = "x-upload-length";

    /// <summary>Attempts of a unary call or an upload whose connection was refused (<see cref="UnprocessedCalls"/>), each to a destination that has not refused it.</summary>
    private const int MaxUnprocessedAttempts = 3;

    private readonly TimeSpan _deadline = options.Value.Deadline;
    private readonly TimeSpan _transferDeadline = options.Value.TransferDeadline;
    private readonly int _uploadChunkSize = options.Value.UploadChunkSize;
    private readonly long _maxUploadBytes = options.Value.MaxUploadBytes;
    private readonly long _maxRequestBodyBytes = options.Value.MaxRequestBodyBytes;

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        switch (routes.Match(request.Method, path, out var route, out var pathValues))
        {
            case RouteMatchStatus.Matched:
                context.Features.Set(route!.MetricsRoute);
                var maxBodyBytes = MaxBodyBytes(route);
                if (request.ContentLength > maxBodyBytes)
                {
                    return RefuseAnnouncedTooLargeAsync(context, route, maxBodyBytes);
                }

                LimitRequestBody(context, maxBodyBytes);
                return route.Method switch
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
            var options = CreateCallOptions(context, _deadline);
            List<CallInvoker>? refused = null;
            for (var attempt = 1; ; attempt++)
            {
                var invoker = refused is null ? backend.For(route.Method.Service) : backend.For(route.Method.Service, refused);
                using var call = invoker.AsyncUnaryCall(route.Method.GrpcMethod, null, options, message);
                try
                {
                    var response = await call.ResponseAsync;
                    // A response is formatted whole before its first byte is written, so a formatting error
                    // (an Any of an unknown type, say) still becomes an error status.
                    await WriteResponseAsync(context, route, response, streamed: false, await FileHeadersAsync(route, call.ResponseHeadersAsync));
                    return;
                }
                catch (RpcException exception) when (attempt < MaxUnprocessedAttempts && UnprocessedCalls.NeverReachedServer(exception))
                {
                    // No backend received it (a destination stopped listening before the health checks
                    // noticed): nothing ran, so even a write is sent again, to another destination.
                    (refused ??= []).Add(invoker);
                    LogResent(logger, route.Method.ToString(), exception.Status.Detail);
                }
            }
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
            var deadline = route.IsRawResponse ? _transferDeadline : _deadline;
            using var call = invoker.AsyncServerStreamingCall(route.Method.GrpcMethod, null, CreateCallOptions(context, deadline), message);
            // The response starts with the first message (or the error that comes instead), so that an
            // error before any message still gets its HTTP status.
            Metadata? headers = null;
            while (await call.ResponseStream.MoveNext(context.RequestAborted))
            {
                // With a message in hand the headers have arrived: awaiting them does not wait.
                headers ??= await FileHeadersAsync(route, call.ResponseHeadersAsync);
                var flush = await WriteResponseAsync(context, route, call.ResponseStream.Current, streamed: true, headers);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return;
                }
            }

            if (route.IsRawResponse && !context.Response.HasStarted)
            {
                // No piece at all is an empty file, still with the headers that describe it.
                await HttpBodyResponse.WriteAsync(context.Response, ProtoFields.NewMessage(route.Method.OutputType), await call.ResponseHeadersAsync);
            }
        }
        catch (Exception exception) when (route.IsRawResponse && context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // Bytes of a file are on their way: a JSON status after them would become part of the file.
            // Aborting makes the client see an incomplete download (a reset stream, or a chunked body
            // without its end) instead of a corrupt one.
            LogDownloadAborted(logger, exception, route.Method.ToString());
            context.Abort();
        }
        catch (Exception exception)
        {
            await WriteErrorAsync(context, route, exception, streamed: true);
        }
    }

    private async Task HandleUploadAsync(HttpContext context, TranscodedRoute route, string[]? pathValues)
    {
        HttpBodyUpload? upload = null;
        try
        {
            upload = new HttpBodyUpload(context, route, RequestBinder.BindUploadHead(context, route, pathValues, json), _uploadChunkSize);
            var options = UploadCallOptions(context);
            List<CallInvoker>? refused = null;
            for (var attempt = 1; ; attempt++)
            {
                var invoker = refused is null ? backend.For(route.Method.Service) : backend.For(route.Method.Service, refused);
                using var call = invoker.AsyncClientStreamingCall(route.Method.GrpcMethod, null, options);
                await upload.SendAsync(call.RequestStream, call.ResponseAsync);
                try
                {
                    var response = await call.ResponseAsync;
                    LeaveBodyUnreadUnlessSent(context, upload);
                    await WriteResponseAsync(context, route, response, streamed: false, await FileHeadersAsync(route, call.ResponseHeadersAsync));
                    return;
                }
                catch (RpcException exception) when (attempt < MaxUnprocessedAttempts && upload.CanSendAgain && UnprocessedCalls.NeverReachedServer(exception))
                {
                    // As for a unary call; the head still holds every byte taken from the body, so the
                    // destination it goes to next gets the whole upload.
                    (refused ??= []).Add(invoker);
                    LogResent(logger, route.Method.ToString(), exception.Status.Detail);
                }
            }
        }
        catch (Exception exception)
        {
            LeaveBodyUnreadUnlessSent(context, upload);
            await WriteErrorAsync(context, route, exception, streamed: false);
        }
    }

    private static void LeaveBodyUnreadUnlessSent(HttpContext context, HttpBodyUpload? upload)
    {
        if (upload is { WholeBodySent: false })
        {
            LeaveBodyUnread(context);
        }
    }

    /// <summary>
    /// An upload's body streams to the backend one chunk at a time and never sits in the gateway, so it
    /// may be as large as <see cref="TranscodingOptions.MaxUploadBytes"/>; any other body is read whole
    /// into memory first and stays small. Kestrel applies the limit as the body is read.
    /// </summary>
    private long MaxBodyBytes(TranscodedRoute route) => route.Method.IsClientStreaming ? _maxUploadBytes : _maxRequestBodyBytes;

    /// <summary>The backend's response headers when the response is a file, whose description they may carry; none for JSON.</summary>
    private static async ValueTask<Metadata?> FileHeadersAsync(TranscodedRoute route, Task<Metadata> headers) =>
        route.IsRawResponse ? await headers : null;

    /// <summary>
    /// A body whose Content-Length is over the route's limit is refused before a byte of it is read,
    /// and before the backend hears of it. Kestrel's own limit is lifted for it: after the answer,
    /// Kestrel then reads and discards the rest for at most its drain timeout (5 s) before it closes
    /// the connection. Refused by the limit instead, the body would stay unread, and closing a socket
    /// with unread bytes makes the kernel reset the connection, which destroys the 413 on its way to an
    /// HTTP/1.1 client still sending (HttpClient, curl and browsers read the answer only after the
    /// whole body): the client would see a broken pipe instead of the reason.
    /// </summary>
    private Task RefuseAnnouncedTooLargeAsync(HttpContext context, TranscodedRoute route, long maxBodyBytes)
    {
        LimitRequestBody(context, maxBytes: null);
        LeaveBodyUnread(context);
        return WriteErrorAsync(context, route, TranscodingException.BodyTooLarge(route.Method.IsClientStreaming, maxBodyBytes), streamed: false);
    }

    private static void LimitRequestBody(HttpContext context, long? maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>
    /// The answer comes before the end of the body, which stays unread (the backend refused it, or it is
    /// over the limit): an HTTP/1.x client is told that the connection closes after the answer (Kestrel
    /// discards what the client still sends for at most 5 s first, instead of keeping a connection that
    /// may be in the middle of a large upload); HTTP/2 and later end just the stream by themselves.
    /// </summary>
    private static void LeaveBodyUnread(HttpContext context)
    {
        var protocol = context.Request.Protocol;
        if (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    /// <summary>
    /// An upload's call also announces the body's length when the client sent a Content-Length, so that
    /// the backend can store the file as one object of that size while it streams (Kestrel makes sure
    /// the body is exactly that long: a client sending more or less is cut off, and the backend refuses a
    /// stream that ends short of its announcement).
    /// </summary>
    private CallOptions UploadCallOptions(HttpContext context)
    {
        var options = CreateCallOptions(context, _transferDeadline);
        if (context.Request.ContentLength is { } length)
        {
            var metadata = options.Headers ?? [];
            metadata.Add(UploadLengthHeader, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            options = options.WithHeaders(metadata);
        }

        return options;
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

    private ValueTask<FlushResult> WriteResponseAsync(HttpContext context, TranscodedRoute route, IMessage message, bool streamed, Metadata? headers)
    {
        var response = context.Response;
        if (route.IsRawResponse)
        {
            return HttpBodyResponse.WriteAsync(response, message, headers);
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
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                // Kestrel counted more bytes than LimitRequestBody allowed this route.
                LeaveBodyUnread(context);
                status = TranscodingException.BodyTooLarge(route.Method.IsClientStreaming, MaxBodyBytes(route)).Status;
                break;
            case BadHttpRequestException badRequest:
                // Kestrel's other refusals while reading the body: too slow, malformed.
                await WriteStatusAsync(context, badRequest.StatusCode,
                    new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = badRequest.Message }, streamed);
                return;
            case RpcException rpc:
                if (rpc.StatusCode is StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss)
                {
                    // A server fault, rare and never the client's: worth a line with what the gRPC
                    // client saw (its DebugException names a reset stream or a broken connection).
                    LogBackendFault(logger, rpc.Status.DebugException ?? rpc, route.Method.ToString(), rpc.StatusCode, rpc.Status.Detail);
                }
                else
                {
                    LogBackendError(logger, route.Method.ToString(), rpc.StatusCode, rpc.Status.Detail);
                }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "REST call of {Method} never reached its backend ({Detail}); sent again.")]
    private static partial void LogResent(ILogger logger, string method, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "REST call of {Method} ended: the client went away.")]
    private static partial void LogClientGone(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "REST call of {Method} failed with {StatusCode}: {Detail}")]
    private static partial void LogBackendError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST call of {Method} failed with {StatusCode} from its backend: {Detail}")]
    private static partial void LogBackendFault(ILogger logger, Exception exception, string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of {Method} failed after its first bytes; the response was aborted.")]
    private static partial void LogDownloadAborted(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST call of {Method} failed in the gateway.")]
    private static partial void LogUnexpectedError(ILogger logger, Exception exception, string method);
}
