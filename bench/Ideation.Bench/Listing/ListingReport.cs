using System.Text;
using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;

namespace Ideation.Bench.Listing;

/// <summary>The listing scenario's tables (one per size, with the plans) and its curves over table size and matches.</summary>
internal sealed class ListingReport(BenchRun run, ListingSettings settings)
{
    public const string First = "first";
    public const string Middle = "middle";
    public const string Last = "last";

    private readonly Dictionary<(string Case, string Position), List<(double Size, Summary P50, Summary P99)>> _listings = [];
    private readonly Dictionary<(long Size, string Order), List<(double Matches, Summary P50, Summary P99)>> _searches = [];

    public async Task AddSizeAsync(int size, IReadOnlyList<PageTarget> targets, AlternationResult<PageRound> result,
        IReadOnlyList<(PageTarget Target, PlanSummary? Plan)> plans)
    {
        var table = new MarkdownTable("listing", "page", "rows seen", "p50 ms (min-max of rounds)", "p99 ms", "requests",
            "CPU ms/request: service", "PostgreSQL");
        foreach (var target in targets)
        {
            var rounds = result.Samples[target.Name];
            var p50 = Summary.Of(rounds.Select(round => round.Percentile(0.5)));
            var p99 = Summary.Of(rounds.Select(round => round.Percentile(0.99)));
            var all = rounds.SelectMany(round => round.Milliseconds).ToArray();
            var requests = all.Length;
            table.Add(target.Case.Name, target.Position, target.Matches, $"{MarkdownTable.Number(p50.Median)} ({MarkdownTable.Number(p50.Min)}-{MarkdownTable.Number(p50.Max)})",
                PageProbe.Percentile(all, 0.99), requests,
                rounds.Sum(round => round.ServiceCpuSeconds) * 1000 / requests, rounds.Sum(round => round.PostgresCpuSeconds) * 1000 / requests);

            if (ListingCases.Searches.FirstOrDefault(search => search.Case == target.Case) is { Case: not null } search)
            {
                AddTo(_searches, (size, search.Order), (target.Matches, p50, p99));
            }
            else
            {
                AddTo(_listings, (target.Case.Name, target.Position), (size, p50, p99));
            }
        }

        await run.LogAsync($"\n## ListIdeas and search at {size:N0} ideas\n\nPage size {settings.PageSize}, one request at a time, {settings.Rounds} rounds; " +
                           "p50 is the median of the rounds' p50 (min-max of rounds), p99 is over every request of the size.\n\n" + table);

        var planTable = new MarkdownTable("listing", "page", "plan (rows returned, -rows filtered out)", "rows read", "rows sorted", "buffers", "ms");
        var json = new StringBuilder();
        foreach (var (target, plan) in plans)
        {
            planTable.Add(target.Case.Name, target.Position, plan?.Nodes ?? "(not captured)", plan?.RowsRead ?? 0, plan?.SortedRows ?? 0, plan?.Buffers ?? 0, plan?.Milliseconds ?? double.NaN);
            json.Append("-- ").Append(target.Name).Append('\n').Append(plan?.Json ?? "null").Append("\n\n");
        }

        var plansPath = Path.Combine(settings.StateDirectory, $"plans-{size}.json.txt");
        await File.WriteAllTextAsync(plansPath, json.ToString());
        await run.LogAsync($"\n### Plans at {size:N0} ideas (auto_explain: EXPLAIN ANALYZE, BUFFERS of the service's own statements; full plans in {plansPath})\n\n" + planTable);
    }

    public Task FinishAsync()
    {
        var charts = new List<string>();
        foreach (var position in new[] { First, Middle, Last })
        {
            foreach (var (percentile, pick) in new (string, Func<(double, Summary P50, Summary P99), Summary>)[] { ("p50", point => point.P50), ("p99", point => point.P99) })
            {
                var path = run.ChartPath($"listing-{position}-page-{percentile}.png");
                Charts.Lines(path, $"ListIdeas, {position} page: {percentile} latency vs table size", "ideas in the table", $"{percentile} ms",
                    ListingCases.Listings.Select(listing => (listing.Name,
                        (IReadOnlyList<(double X, Summary Y)>)_listings[(listing.Name, position)].Select(point => (point.Size, pick(point))).ToList())).ToList(),
                    logX: true);
                charts.Add(path);
            }
        }

        foreach (var (percentile, pick) in new (string, Func<(double, Summary P50, Summary P99), Summary>)[] { ("p50", point => point.P50), ("p99", point => point.P99) })
        {
            var path = run.ChartPath($"listing-search-{percentile}.png");
            // A search with no match has no place on a log axis; the tables show it.
            Charts.Lines(path, $"Search, first page: {percentile} latency vs matches", "matching ideas", $"{percentile} ms",
                _searches.OrderBy(entry => entry.Key.Size).ThenBy(entry => entry.Key.Order).Select(entry => ($"{entry.Key.Order}, {entry.Key.Size:N0} ideas",
                    (IReadOnlyList<(double X, Summary Y)>)entry.Value.Where(point => point.Matches > 0).OrderBy(point => point.Matches)
                        .Select(point => (point.Matches, pick(point))).ToList())).ToList(),
                logX: true);
            charts.Add(path);
        }

        return run.LogAsync("\nCharts:\n" + string.Join('\n', charts.Select(chart => "- " + chart)));
    }

    private static void AddTo<TKey, TPoint>(Dictionary<TKey, List<TPoint>> series, TKey key, TPoint point)
        where TKey : notnull
    {
        if (!series.TryGetValue(key, out var points))
        {
            series[key] = points = [];
        }

        points.Add(point);
    }
}
