using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// The access log: one line per request a process serves, written when the response is complete and
/// inside the request's trace, so that every process a request reached has a line with its trace id.
/// It names the path and never the query string (page tokens travel there) nor any header (the
/// bearer token). Probes and scrapes are left out: they would drown the requests of users.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger, HostingOptions hosting)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.IsInfrastructure(hosting))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            Log(context, started, statusCode);
        }
    }

    private void Log(HttpContext context, long started, int statusCode)
    {
        var request = context.Request;
        var elapsed = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        if (GrpcStatusOf(context) is { } grpcStatus)
        {
            GrpcRequestServed(logger, request.Method, request.Path.Value ?? "", statusCode, grpcStatus, elapsed);
        }
        else
        {
            RequestServed(logger, request.Method, request.Path.Value ?? "", statusCode, elapsed);
        }
    }

    /// <summary>A gRPC response's status: in the trailers, or in the headers of a trailers-only response.</summary>
    private static string? GrpcStatusOf(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-status", out var fromTrailers))
        {
            return fromTrailers.ToString();
        }

        return context.Response.Headers.TryGetValue("grpc-status", out var fromHeaders) ? fromHeaders.ToString() : null;
    }

    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    private static partial void RequestServed(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(2, LogLevel.Information, "{Method} {Path} answered {StatusCode} grpc-status {GrpcStatus} in {ElapsedMilliseconds} ms")]
    private static partial void GrpcRequestServed(ILogger logger, string method, string path, int statusCode, string grpcStatus, double elapsedMilliseconds);
}

/// <summary>Adds the access log to a process's middleware.</summary>
public static class RequestLogExtensions
{
    /// <summary>Place it early, before authentication, so that refused requests have their line too.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app, HostingOptions hosting) =>
        app.UseMiddleware<RequestLogMiddleware>(hosting);
}
