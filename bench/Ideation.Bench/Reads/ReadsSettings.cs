namespace Ideation.Bench.Reads;

/// <summary>How long and how hard the reads scenario loads each contender.</summary>
/// <param name="Connections">h2load -c: a few connections, as a gateway or a service client holds.</param>
/// <param name="StreamsPerConnection">h2load -m: enough requests in flight to keep core 0 busy.</param>
public sealed record ReadsSettings(TimeSpan RoundDuration, TimeSpan WarmupDuration, int Connections, int StreamsPerConnection)
{
    public static readonly ReadsSettings Quick = new(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), 4, 16);

    public static readonly ReadsSettings Full = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 4, 16);
}
