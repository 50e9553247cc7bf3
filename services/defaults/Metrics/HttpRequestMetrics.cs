using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// Request counts and latency under the names the platform's alert rules use. The route label is the
/// matched template (bounded), never the raw path (an id per idea would explode the series).
/// </summary>
internal static class HttpRequestMetrics
{
    private static readonly Counter Requests = Prometheus.Metrics.CreateCounter(
        "http_requests_total", "HTTP requests handled, by method, route template and status code.",
        new CounterConfiguration { LabelNames = ["method", "route", "status"] });

    private static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram(
        "http_request_duration_seconds", "Time to handle an HTTP request, by method and route template.",
        new HistogramConfiguration { LabelNames = ["method", "route"], Buckets = LatencyBuckets.Seconds });

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next();
            status = context.Response.StatusCode;
        }
        finally
        {
            var route = RouteOf(context);
            var method = context.Request.Method;
            Requests.WithLabels(method, route, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            Duration.WithLabels(method, route).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static string RouteOf(HttpContext context) =>
        context.Features.Get<RouteTemplateFeature>()?.Template
        ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText
        ?? "unmatched";
}
