namespace Ideation.Documents.Tests.Metrics;

/// <summary>
/// Tests that read counters and gauges exactly. Every host of a test process shares one metrics
/// registry, so these run alone, after the other classes, where no other test's calls move a value.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
