using System.Globalization;

namespace Ideation.Bench.Stack;

/// <summary>Sums of samples from a service's /metrics page (Prometheus text format), by metric name and an optional label text.</summary>
public static class PrometheusText
{
    /// <summary>Reads the page once; the returned function sums the samples of one metric.</summary>
    public static async Task<Func<string, double>> ReadAsync(Uri metrics)
    {
        using var client = new HttpClient();
        var lines = (await client.GetStringAsync(metrics)).Split('\n').Where(line => line.Length > 0 && line[0] != '#').ToList();
        return name => lines
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
