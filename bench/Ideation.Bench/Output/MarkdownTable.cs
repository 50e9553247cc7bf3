using System.Globalization;
using System.Text;

namespace Ideation.Bench.Output;

/// <summary>A results table printed as Markdown, so that a run's output can go into docs/performance.md as it is.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params object[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) =>
            text.Append("| ").AppendJoin(" | ", cells.Select((cell, column) => cell.PadRight(widths[column]))).Append(" |\n");
        Line(headers);
        Line(widths.Select(width => new string('-', width)));
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    /// <summary>Numbers with three significant figures at most, enough for measurements this noisy.</summary>
    public static string Number(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 or <= -1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        0 => "0",
        // Below one (CPU-seconds per request, milliseconds): three significant figures, not two decimals.
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    private static string Format(object cell) => cell switch
    {
        double number => Number(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
