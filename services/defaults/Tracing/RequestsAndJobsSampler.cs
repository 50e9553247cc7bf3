using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Ideation.ServiceDefaults.Tracing;

/// <summary>
/// Decides for spans that start a trace (a parent's decision stands for the others): a trace starts
/// where work starts, with a request served or a job taken from a queue. A client call outside any
/// trace is a background loop polling its dependencies (the outbox relay's SELECT every second, the
/// sweeper's S3 calls): recorded, those would bury the traces that matter, so they are dropped.
/// </summary>
internal sealed class RequestsAndJobsSampler : Sampler
{
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public RequestsAndJobsSampler()
    {
        Description = nameof(RequestsAndJobsSampler);
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ? Drop : Record;
}
