namespace Ideation.Bench.Writes;

/// <summary>How long each contender creates ideas, and how many requests are in flight (the same for all).</summary>
public sealed record WritesSettings(TimeSpan RoundDuration, TimeSpan WarmupDuration, int Connections, int StreamsPerConnection)
{
    public static readonly WritesSettings Quick = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), 4, 8);

    public static readonly WritesSettings Full = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 4, 8);

    public int InFlight => Connections * StreamsPerConnection;
}
