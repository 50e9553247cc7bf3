namespace Ideation.Scanner.Tests;

/// <summary>
/// Tests that read counters exactly. Every host of a test process shares one metrics registry, so
/// these run alone, after the other classes, where no other scan moves a counter.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
