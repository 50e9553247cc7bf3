namespace Ideation.Bench.Harness;

/// <summary>One named benchmark scenario: measures, prints Markdown tables and saves its charts.</summary>
public interface IBenchScenario
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the usage text: what it compares with what, and what it needs.</summary>
    string Description { get; }

    /// <summary>
    /// The core the bench itself (its load generators, clamdscan) runs on: the other one than its
    /// system under test. Program re-runs the bench there for this scenario when it runs elsewhere.
    /// </summary>
    int BenchCpu => 1;

    Task RunAsync(BenchRun run);
}
