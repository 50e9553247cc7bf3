using Ideation.Bench.Measurement;
using ScottPlot;

namespace Ideation.Bench.Output;

/// <summary>
/// The charts in docs/performance.md, all drawn the same way: medians as bars or lines, min-max as
/// error bars, so that a reader sees the spread as well as the figure.
/// </summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 480;

    /// <summary>One bar per contender: its median, with a min-max whisker.</summary>
    public static void Bars(string path, string title, string valueLabel, IReadOnlyList<(string Label, Summary Value)> bars)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, bars.Count).Select(index => (double)index).ToArray();
        var chart = plot.Add.Bars(positions, bars.Select(bar => bar.Value.Median).ToArray());
        foreach (var bar in chart.Bars)
        {
            var summary = bars[(int)bar.Position].Value;
            bar.Label = MarkdownTable.Number(summary.Median);
        }

        chart.ValueLabelStyle.FontSize = 14;
        Whiskers(plot, positions, bars.Select(bar => bar.Value).ToList(), Colors.Black);
        plot.Axes.Bottom.SetTicks(positions, bars.Select(bar => bar.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        Finish(plot, path, title, "", valueLabel);
    }

    /// <summary>One line per series over a numeric x axis (table size, instances, matches), medians with min-max whiskers.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel,
        IReadOnlyList<(string Series, IReadOnlyList<(double X, Summary Y)> Points)> series, bool logX = false)
    {
        var plot = new Plot();
        foreach (var (name, points) in series)
        {
            var xs = points.Select(point => logX ? Math.Log10(point.X) : point.X).ToArray();
            var line = plot.Add.Scatter(xs, points.Select(point => point.Y.Median).ToArray());
            line.LegendText = name;
            line.MarkerSize = 8;
            Whiskers(plot, xs, points.Select(point => point.Y).ToList(), line.Color);
        }

        if (logX)
        {
            var ticks = series.SelectMany(s => s.Points.Select(point => point.X)).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(tick => MarkdownTable.Number(tick)).ToArray());
        }

        plot.ShowLegend(Alignment.UpperLeft);
        // From zero: a curve that must stay flat should look flat, not magnified noise.
        var highest = series.SelectMany(s => s.Points.Select(point => point.Y.Max)).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, highest * 1.15);
        Finish(plot, path, title, xLabel, yLabel);
    }

    /// <summary>Min-max whiskers around each median.</summary>
    private static void Whiskers(Plot plot, double[] xs, IReadOnlyList<Summary> values, Color color)
    {
        var whiskers = new ScottPlot.Plottables.ErrorBar(
            xs,
            values.Select(value => value.Median).ToArray(),
            null,
            null,
            values.Select(value => value.Max - value.Median).ToArray(),
            values.Select(value => value.Median - value.Min).ToArray())
        {
            Color = color,
        };
        plot.Add.Plottable(whiskers);
    }

    private static void Finish(Plot plot, string path, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.SavePng(path, Width, Height);
    }
}
