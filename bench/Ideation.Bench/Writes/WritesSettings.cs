namespace Ideation.Bench.Writes;

/// <summary>How long each contender creates ideas, and how many requests are in flight (the same for all).</summary>
public sealed record WritesSettings(TimeSpan RoundDuration, TimeSpan WarmupDuration, int Connections, int StreamsPerConnection)
{
    public static readonly WritesSettings Quick = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), 4, 8);

    /// <summary>
    /// A minute of warm-up per path: on a stack just started, the ideas service's CPU per idea was
    /// still falling after 20 s of writes (1.35 CPU-ms in the first counted round, 0.47-0.56 from the
    /// fourth on, as tiered JIT finished), and rounds taken before that measure the compiler.
    /// </summary>
    public static readonly WritesSettings Full = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), 4, 8);

    public int InFlight => Connections * StreamsPerConnection;
}
