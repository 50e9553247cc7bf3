using System.Text.RegularExpressions;

namespace Ideation.Testing.Monitoring;

/// <summary>
/// The metric catalogue of docs/observability.md: the tables of its "Metrics" section, whose first
/// column names metrics (in backticks; <c>process_*</c> stands for every name with that prefix) and
/// whose second gives their type. The catalogue is the contract between the processes that export
/// metrics and the rules and dashboards that read them.
/// </summary>
public sealed partial class MetricCatalogue
{
    private static readonly string[] HistogramSeriesSuffixes = ["_bucket", "_sum", "_count"];

    private readonly HashSet<string> _names;
    private readonly HashSet<string> _histograms;
    private readonly string[] _prefixes;

    private MetricCatalogue(HashSet<string> names, HashSet<string> histograms, string[] prefixes)
    {
        _names = names;
        _histograms = histograms;
        _prefixes = prefixes;
    }

    /// <summary>The names the catalogue lists, without the prefixes.</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>The histograms among them, which Prometheus stores as _bucket, _sum and _count series.</summary>
    public IReadOnlyCollection<string> Histograms => _histograms;

    /// <summary>Families listed by prefix (<c>process_</c>, <c>dotnet_</c>): the runtime collectors decide their members.</summary>
    public IReadOnlyCollection<string> Prefixes => _prefixes;

    /// <summary>The catalogue of this checkout's docs/observability.md.</summary>
    public static MetricCatalogue Load() => Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "observability.md")));

    public static MetricCatalogue Parse(string markdown)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var histograms = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        var inMetrics = false;
        foreach (var line in markdown.Split('\n').Select(line => line.TrimEnd('\r')))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inMetrics = line[3..].Trim() == "Metrics";
                continue;
            }

            if (!inMetrics || !line.StartsWith('|'))
            {
                continue;
            }

            var cells = line.Split('|');
            if (cells.Length < 3)
            {
                continue;
            }

            var isHistogram = cells[2].Trim() == "histogram";
            foreach (Match name in BacktickedName().Matches(cells[1]))
            {
                var value = name.Groups["name"].Value;
                if (value.EndsWith('*'))
                {
                    prefixes.Add(value.TrimEnd('*'));
                    continue;
                }

                names.Add(value);
                if (isHistogram)
                {
                    histograms.Add(value);
                }
            }
        }

        if (names.Count == 0)
        {
            throw new InvalidOperationException("No metric found in the tables of the \"Metrics\" section.");
        }

        return new MetricCatalogue(names, histograms, [.. prefixes]);
    }

    /// <summary>
    /// Whether <paramref name="series"/> is a name a scrape of the platform can hold: a listed metric,
    /// a series of a listed histogram (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>), or a member of a
    /// family listed by prefix.
    /// </summary>
    public bool Knows(string series) =>
        _names.Contains(series)
        || HistogramSeriesSuffixes.Any(suffix => series.EndsWith(suffix, StringComparison.Ordinal) && _histograms.Contains(series[..^suffix.Length]))
        || _prefixes.Any(prefix => series.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("`(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*\\*?)`")]
    private static partial Regex BacktickedName();
}
