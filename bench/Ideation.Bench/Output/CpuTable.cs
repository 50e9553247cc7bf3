using Ideation.Bench.Measurement;

namespace Ideation.Bench.Output;

/// <summary>
/// Where the CPU went during a measurement: seconds per 100 MB moved, per process, and how busy the
/// machine was. Processes that did next to nothing in every row are left out to keep it readable.
/// </summary>
public sealed class CpuTable(string title)
{
    private const double BytesPerUnit = 1e8;
    private const double NegligibleSeconds = 0.005;

    private readonly List<(string Label, CpuUsage Usage, long Bytes)> _rows = [];

    public void Add(string label, CpuUsage usage, long bytes) => _rows.Add((label, usage, bytes));

    public override string ToString()
    {
        var processes = _rows.SelectMany(row => row.Usage.Seconds.Keys).Distinct()
            .Where(process => _rows.Any(row => PerUnit(row, process) >= NegligibleSeconds))
            .OrderBy(process => process is CpuMeter.Bench or CpuMeter.Other)
            .ToList();
        var table = new MarkdownTable([title, .. processes, "machine busy"]);
        foreach (var row in _rows)
        {
            var busy = row.Usage.MachineCapacity > 0 ? row.Usage.MachineBusy / row.Usage.MachineCapacity : 0;
            table.Add([row.Label, .. processes.Select(process => (object)PerUnit(row, process)), $"{busy:P0}"]);
        }

        return table.ToString();
    }

    private static double PerUnit((string Label, CpuUsage Usage, long Bytes) row, string process) =>
        row.Usage.Seconds.GetValueOrDefault(process) * BytesPerUnit / row.Bytes;
}
