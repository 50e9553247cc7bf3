using System.Diagnostics;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// Measurement 1: MB/s of one upload at a time through the gateway (REST over HTTP/1.1 and HTTP/2,
/// native gRPC), and straight to S3 the way documents stores files, against one S3 PutObject of the
/// same bytes (the baseline). Each round runs every path once, in an
/// order that rotates from round to round; the ratio is taken per round, between uploads made
/// minutes apart at most, so that a slow phase of the machine hits both sides.
/// </summary>
public sealed class UploadThroughput(IReadOnlyList<IUploadPath> paths, IUploadPath baseline, PlatformApi platform, CpuMeter cpu, DocumentsSettings settings)
{
    /// <summary>
    /// A pause before each timed upload: work the previous one left behind (garbage collection,
    /// deletes, the relay's next poll) would otherwise be charged to this one.
    /// </summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly List<UploadSample> _samples = [];

    public async Task RunAsync(TextWriter log)
    {
        var all = paths.Append(baseline).ToList();
        foreach (var size in settings.UploadSizes)
        {
            var payload = PdfPayload.Create(size);
            for (var round = -settings.WarmupRounds; round < settings.Rounds; round++)
            {
                foreach (var path in Rotate(all, round))
                {
                    var sample = await MeasureAsync(path, payload);
                    if (round >= 0)
                    {
                        _samples.Add(sample with { Round = round });
                    }
                }
            }

            await log.WriteLineAsync($"  uploads of {Units.Mebibytes(size):0} MiB: done");
        }
    }

    public string Report()
    {
        var throughput = new MarkdownTable("size", "path", "median MB/s", "min", "max", $"ratio to {baseline.Name} (median)", "ratio min", "ratio max", "rounds");
        foreach (var size in settings.UploadSizes)
        {
            var baselineRate = Rates(baseline, size);
            throughput.Add($"{Units.Mebibytes(size):0} MiB", baseline.Name, Summary.Of(baselineRate.Values).Median,
                Summary.Of(baselineRate.Values).Min, Summary.Of(baselineRate.Values).Max, "1", "", "", baselineRate.Count);
            foreach (var path in paths)
            {
                var rates = Rates(path, size);
                var rate = Summary.Of(rates.Values);
                var ratio = Summary.Of(rates.Select(entry => entry.Value / baselineRate[entry.Key]));
                throughput.Add("", path.Name, rate.Median, rate.Min, rate.Max, ratio.Median, ratio.Min, ratio.Max, rate.Count);
            }
        }

        var cpuTable = new CpuTable("CPU seconds per 100 MB uploaded (sum over the timed uploads)");
        foreach (var size in settings.UploadSizes)
        {
            foreach (var path in paths.Append(baseline))
            {
                var samples = _samples.Where(sample => sample.Path == path.Name && sample.Size == size).ToList();
                cpuTable.Add($"{Units.Mebibytes(size):0} MiB, {path.Name}", CpuUsage.Sum(samples.Select(sample => sample.Cpu)), samples.Sum(sample => (long)sample.Size));
            }
        }

        return $"{throughput}\n{cpuTable}";
    }

    /// <summary>MB/s by file size, one line per path: the baseline on top, the paths that reach it close under it.</summary>
    public void Chart(string path)
    {
        var series = paths.Append(baseline).Select(upload => (upload.Name, (IReadOnlyList<(double X, Summary Y)>)settings.UploadSizes
                .Select(size => ((double)Units.Mebibytes(size), Summary.Of(Rates(upload, size).Values))).ToList()))
            .ToList();
        Charts.Lines(path, "Upload MB/s, one at a time, by path and file size", "file size (MiB)", "MB/s (median, min-max)", series);
    }

    private Dictionary<int, double> Rates(IUploadPath path, int size) =>
        _samples.Where(sample => sample.Path == path.Name && sample.Size == size)
            .ToDictionary(sample => sample.Round, sample => Units.MegabytesPerSecond(sample.Size, sample.Elapsed));

    private async Task<UploadSample> MeasureAsync(IUploadPath path, byte[] payload)
    {
        var idea = path.CreatesDocuments ? await platform.ReserveIdeaAsync(1) : "";
        await Task.Delay(Quiet);
        var before = cpu.Take();
        var clock = Stopwatch.StartNew();
        var stored = await path.UploadAsync(idea, payload);
        var elapsed = clock.Elapsed;
        var usage = cpu.Take().Since(before);
        await path.SettleAsync([stored]);
        return new UploadSample(path.Name, payload.Length, 0, elapsed, usage);
    }

    /// <summary>Round r starts with path r (mod count): no path always runs first, or always right after another.</summary>
    private static IEnumerable<IUploadPath> Rotate(IReadOnlyList<IUploadPath> paths, int round)
    {
        var start = ((round % paths.Count) + paths.Count) % paths.Count;
        return paths.Skip(start).Concat(paths.Take(start));
    }

    private sealed record UploadSample(string Path, int Size, int Round, TimeSpan Elapsed, CpuUsage Cpu);
}
