using System.Diagnostics;

namespace Ideation.Messaging.Tests;

/// <summary>Work taken from a queue continues the trace of the request that queued it.</summary>
public sealed class MessageTracingTests
{
    [Fact]
    public void Processing_an_entry_continues_the_trace_its_traceparent_names()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parentSpanId = ActivitySpanId.CreateRandom();

        using var processing = MessageTracing.StartProcessing("jobs", "1-0", $"00-{traceId}-{parentSpanId}-01");

        Assert.Same(processing, Activity.Current);
        Assert.Equal(traceId, processing.TraceId);
        Assert.Equal(parentSpanId, processing.ParentSpanId);
        Assert.NotEqual(parentSpanId, processing.SpanId);
        Assert.True(processing.Recorded, "the upstream sampling decision is kept");
        Assert.Equal($"00-{traceId}-{processing.SpanId}-01", processing.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a traceparent")]
    public void An_entry_without_a_valid_traceparent_starts_a_trace_of_its_own(string? traceParent)
    {
        using var processing = MessageTracing.StartProcessing("jobs", "1-0", traceParent);

        Assert.Equal(default, processing.ParentSpanId);
        Assert.NotEqual(default, processing.TraceId);
    }

    [Fact]
    public void The_current_traceparent_is_what_a_consumer_continues()
    {
        Assert.Null(MessageTracing.CurrentTraceParent());
        using var request = new Activity("request").Start();

        var traceParent = MessageTracing.CurrentTraceParent();
        request.Stop();
        using var processing = MessageTracing.StartProcessing("jobs", "1-0", traceParent);

        Assert.Equal(request.TraceId, processing.TraceId);
        Assert.Equal(request.SpanId, processing.ParentSpanId);
    }
}
