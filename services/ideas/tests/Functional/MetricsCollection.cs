namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// Tests that read counters exactly. Every host of a test process shares one metrics registry, so
/// these run alone, after the other classes, where no other test's calls can move a counter.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
