using System.Diagnostics;
using Grpc.Core;
using Ideation.Bench.Measurement;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Listing;

/// <summary>One page to measure: a listing or search at a position (first, middle, last page).</summary>
/// <param name="Matches">Rows the caller sees in this listing: the x axis of the search curve.</param>
internal sealed record PageTarget(ListingCase Case, string Position, string PageToken, long Matches)
{
    public string Name => $"{Case.Name}, {Position}";
}

/// <summary>Latencies of one round of one target, and the CPU the service and PostgreSQL spent on them.</summary>
internal sealed record PageRound(double[] Milliseconds, double ServiceCpuSeconds, double PostgresCpuSeconds)
{
    public double Percentile(double fraction) => PageProbe.Percentile(Milliseconds, fraction);

    public override string ToString() =>
        $"{Milliseconds.Length} requests, p50 {Percentile(0.5):0.00} ms, p99 {Percentile(0.99):0.00} ms";
}

/// <summary>
/// Sends one target's request again and again, one at a time (latency, not throughput: a user waits
/// for one page), until it has enough requests or its time for the round is up.
/// </summary>
internal sealed class PageProbe(IdeaService.IdeaServiceClient client, Metadata authorization, CpuMeter cpu, ListingSettings settings)
{
    public const string Service = "ideas";
    public const string Postgres = "postgres";

    public async Task<PageRound> MeasureAsync(PageTarget target)
    {
        var request = target.Case.Request(settings.PageSize, target.PageToken);
        var latencies = new List<double>();
        var before = cpu.Take();
        var round = Stopwatch.StartNew();
        while (latencies.Count < settings.RequestsPerRound && (latencies.Count < 2 || round.Elapsed < settings.TimePerRound))
        {
            var started = Stopwatch.GetTimestamp();
            await client.ListIdeasAsync(request, authorization);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var used = cpu.Take().Since(before);
        return new PageRound([.. latencies], used.Seconds[Service], used.Seconds[Postgres]);
    }

    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        // Nearest rank: with few samples p99 is the slowest, which is what it should say.
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
