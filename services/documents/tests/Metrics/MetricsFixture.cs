using Ideation.Documents.Tests.Pipeline;

namespace Ideation.Documents.Tests.Metrics;

/// <summary>The pipeline's fixture (relay and verdicts driven by the test) with the metrics loops running every 100 ms.</summary>
public sealed class MetricsFixture : PipelineFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
    [
        .. base.ExtraSettings(),
        new("Metrics:RefreshInterval", "00:00:00.100"),
        new("Metrics:RedisPingInterval", "00:00:00.100"),
    ];
}
