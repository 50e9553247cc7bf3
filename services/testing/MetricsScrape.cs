using System.Globalization;
using System.Text;
using Xunit;

namespace Ideation.Testing;

/// <summary>One series of a scrape: its name (with any _bucket, _sum or _count suffix), labels and value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// One scrape of a management port's <c>/metrics</c>, parsed from the Prometheus text format, so that
/// tests check metrics the way Prometheus reads them: by name, type, labels and value.
/// </summary>
public sealed class MetricsScrape
{
    /// <summary>How long <see cref="UntilAsync"/> waits for a background loop to publish what a test expects.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<MetricSample> _samples = [];

    private MetricsScrape(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                _samples.Add(ParseSample(line));
            }
        }
    }

    public static async Task<MetricsScrape> ReadAsync(HttpClient management) =>
        new(await management.GetStringAsync("/metrics"));

    /// <summary>The process's own registry, as its /metrics would serve it: for unit tests without a host.</summary>
    public static async Task<MetricsScrape> ReadProcessAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        return new(Encoding.UTF8.GetString(text.ToArray()));
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds, failing after <see cref="Patience"/>; returns the scrape that satisfied it.</summary>
    public static async Task<MetricsScrape> UntilAsync(HttpClient management, Func<MetricsScrape, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scrape = await ReadAsync(management);
            if (condition(scrape))
            {
                return scrape;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The family's type as declared (<c>counter</c>, <c>gauge</c>, <c>histogram</c>), or null when it is not exported.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>Every series named <paramref name="name"/>.</summary>
    public IReadOnlyList<MetricSample> Samples(string name) => _samples.Where(sample => sample.Name == name).ToList();

    /// <summary>
    /// The value of the one series named <paramref name="name"/> whose labels include
    /// <paramref name="labels"/>; null when there is none.
    /// </summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matching = _samples
            .Where(sample => sample.Name == name && labels.All(label => sample.Labels.GetValueOrDefault(label.Label) == label.Value))
            .ToList();
        Assert.True(matching.Count <= 1, $"{matching.Count} series of {name} match {string.Join(", ", labels)}");
        return matching.Count == 1 ? matching[0].Value : null;
    }

    /// <summary>The value as <see cref="Value"/>, or 0 when the series does not exist yet (a counter nothing has counted).</summary>
    public double ValueOrZero(string name, params (string Label, string Value)[] labels) => Value(name, labels) ?? 0;

    /// <summary>Parses <c>name{label="value",...} value [timestamp]</c>; label values may hold escaped quotes.</summary>
    private static MetricSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = line.IndexOfAny(['{', ' ']);
        var name = line[..position];
        if (line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals];
                position = equals + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] == 'n' ? '\n' : line[position]);
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                labels[label] = value.ToString();
                position++;
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        var number = line[(position + 1)..].Split(' ')[0];
        return new MetricSample(name, labels, ParseNumber(number));
    }

    private static double ParseNumber(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
