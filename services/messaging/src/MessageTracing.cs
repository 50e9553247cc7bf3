using System.Diagnostics;

namespace Ideation.Messaging;

/// <summary>
/// W3C trace context across a queue. The producer stores the traceparent of the request that asked
/// for the work with the work itself (an outbox row, then a field of the stream entry); the consumer
/// handles the entry in an Activity that continues that trace, so its log lines and its calls to
/// other services carry the same trace id as the request that queued it.
/// </summary>
public static class MessageTracing
{
    /// <summary>The platform's ActivitySource for queued work, under the <c>Ideation.*</c> names the tracing defaults record.</summary>
    public static readonly ActivitySource Source = new("Ideation.Messaging");

    /// <summary>The stream entry field carrying the traceparent, named as the W3C header is.</summary>
    public const string TraceParentField = "traceparent";

    /// <summary>The current trace context as a W3C traceparent, to store with work queued now; null outside any trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts the Activity of handling one entry of <paramref name="stream"/>: a child of
    /// <paramref name="traceParent"/> when the entry carries one, else the root of a trace of its own.
    /// A child, not a link: each entry is one piece of work asked for by one request (an upload's scan,
    /// an idea's deletion), and following that request to its outcome in one trace is the point; the
    /// time the entry waited in the queue shows as the gap before this span. Without any listener
    /// (no exporter configured) the Activity is still created, so that log lines and outgoing calls
    /// keep the trace id.
    /// </summary>
    public static Activity StartProcessing(string stream, string entryId, string? traceParent)
    {
        var parent = ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var context) ? context : default;
        var name = $"process {stream}";
        var activity = Source.StartActivity(name, ActivityKind.Consumer, parent) ?? StartUnobserved(name, parent);
        activity.SetTag("messaging.system", "redis");
        activity.SetTag("messaging.operation.type", "process");
        activity.SetTag("messaging.destination.name", stream);
        activity.SetTag("messaging.message.id", entryId);
        return activity;
    }

    private static Activity StartUnobserved(string name, ActivityContext parent)
    {
        var activity = new Activity(name);
        if (parent != default)
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        }

        return activity.Start();
    }
}
