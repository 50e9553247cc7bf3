using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// Measurement 3: peak resident memory of the documents service and the gateway while 1, 4, then 10,
/// uploads of 50 MiB run at once through the gateway, sampled every 50 ms. It runs first, on a
/// freshly started stack: a .NET process seldom gives memory back, so a peak is only comparable with
/// the RSS before the first upload, and 10 at once only with 1 at once before it. Documents holds
/// at most one part buffer (8 MiB, the head held back for type detection) per upload in flight by
/// design, plus a 1 MiB pipe into the PutObject when the length is announced; what each upload adds
/// beyond that is what to look at.
/// </summary>
public sealed class UploadMemory(IReadOnlyList<IUploadPath> gatewayPaths, PlatformApi platform, CpuMeter cpu, LocalStack stack, DocumentsSettings settings)
{
    private static readonly string[] Watched = ["documents", "gateway"];

    /// <summary>Lets the previous batch's scans, deletes and garbage collections die down before the next.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly List<MemoryBatch> _batches = [];
    private IReadOnlyDictionary<string, long> _beforeFirstUpload = new Dictionary<string, long>();
    private long _uploadsServedBefore;

    private IReadOnlyDictionary<string, int> Pids => Watched.ToDictionary(name => name, cpu.Pid);

    public async Task RunAsync(TextWriter log)
    {
        _uploadsServedBefore = await UploadsServed.CountAsync(stack);
        _beforeFirstUpload = RssSampler.Now(Pids);
        var payload = PdfPayload.Create(settings.MemoryFileSize);
        foreach (var concurrency in settings.MemoryConcurrency)
        {
            for (var round = 0; round < settings.MemoryRounds; round++)
            {
                foreach (var path in gatewayPaths)
                {
                    _batches.Add(await MeasureAsync(path, concurrency, payload));
                }
            }

            await log.WriteLineAsync($"  {concurrency} at once: done");
        }
    }

    public string Report()
    {
        var before = string.Join(", ", Watched.Select(process => $"{process} {Units.Mebibytes(_beforeFirstUpload[process]):0} MiB"));
        var summary = new MarkdownTable("process", "uploads at once", "path", "peak MiB (median)", "min", "max", "median peak - RSS before the first upload", "batches");
        foreach (var process in Watched)
        {
            foreach (var concurrency in settings.MemoryConcurrency)
            {
                foreach (var path in gatewayPaths)
                {
                    var peaks = Summary.Of(Batches(concurrency, path).Select(batch => Units.Mebibytes(batch.Peak[process])));
                    summary.Add(process, concurrency, path.Name, peaks.Median, peaks.Min, peaks.Max,
                        peaks.Median - Units.Mebibytes(_beforeFirstUpload[process]), peaks.Count);
                }
            }
        }

        var lines = new List<string> { $"RSS before the first upload: {before}." };
        if (_uploadsServedBefore > 0)
        {
            lines.Add($"Not a fresh stack: documents had served {_uploadsServedBefore} uploads before, so the RSS \"before the first upload\" is not a fresh process's.");
        }

        if (settings.MemoryConcurrency.Count >= 2)
        {
            var (few, many) = (settings.MemoryConcurrency[0], settings.MemoryConcurrency[^1]);
            foreach (var process in Watched)
            {
                var added = (HighWater(process, many) - HighWater(process, few)) / (many - few);
                lines.Add($"{process}: highest peak with {many} at once minus highest with {few}, per extra upload: {added:0.0} MiB.");
            }
        }

        lines.Add($"{Units.Mebibytes(settings.MemoryFileSize):0} MiB per upload; RSS sampled every {RssSampler.Interval.TotalMilliseconds:0} ms.");
        var batches = new MarkdownTable("batch", "uploads at once", "path", "seconds", "documents before", "documents peak",
            "documents GC committed after", "of which LOH", "gateway before", "gateway peak", "gateway GC committed after");
        foreach (var (batch, index) in _batches.Select((batch, index) => (batch, index + 1)))
        {
            batches.Add(index, batch.Concurrency, batch.Path, batch.Elapsed.TotalSeconds,
                Units.Mebibytes(batch.Before["documents"]), Units.Mebibytes(batch.Peak["documents"]),
                Units.Mebibytes(batch.DocumentsHeap.Committed), Units.Mebibytes(batch.DocumentsHeap.LargeObjectHeap),
                Units.Mebibytes(batch.Before["gateway"]), Units.Mebibytes(batch.Peak["gateway"]), Units.Mebibytes(batch.GatewayHeap.Committed));
        }

        return $"{summary}\n{string.Join('\n', lines.Select(line => "- " + line))}\n\n" +
               $"Every batch in order (MiB; \"GC committed\" and LOH as of each service's latest garbage collection after the batch):\n\n{batches}";
    }

    /// <summary>Peak RSS against uploads at once, per process and path, from the RSS before the first upload at 0.</summary>
    public void Chart(string chartPath)
    {
        var series = Watched.SelectMany(process => gatewayPaths.Select(path => ($"{process}, {path.Name}", (IReadOnlyList<(double X, Summary Y)>)
            [
                (0d, Summary.Of([Units.Mebibytes(_beforeFirstUpload[process])])),
                .. settings.MemoryConcurrency.Select(concurrency =>
                    ((double)concurrency, Summary.Of(Batches(concurrency, path).Select(batch => Units.Mebibytes(batch.Peak[process]))))),
            ])))
            .ToList();
        Charts.Lines(chartPath, $"Peak RSS during {Units.Mebibytes(settings.MemoryFileSize):0} MiB uploads", "uploads at once", "peak RSS (MiB)", series);
    }

    private IEnumerable<MemoryBatch> Batches(int concurrency, IUploadPath path) =>
        _batches.Where(batch => batch.Path == path.Name && batch.Concurrency == concurrency);

    private double HighWater(string process, int concurrency) =>
        _batches.Where(batch => batch.Concurrency == concurrency).Max(batch => Units.Mebibytes(batch.Peak[process]));

    private async Task<MemoryBatch> MeasureAsync(IUploadPath path, int concurrency, byte[] payload)
    {
        var idea = await platform.ReserveIdeaAsync(concurrency);
        await Task.Delay(Quiet);
        var before = RssSampler.Now(Pids);
        var started = DateTime.UtcNow;
        string[] stored;
        IReadOnlyDictionary<string, long> peak;
        using (var sampler = RssSampler.Start(Pids))
        {
            stored = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => path.UploadAsync(idea, payload)));
            peak = sampler.Stop();
        }

        var elapsed = DateTime.UtcNow - started;
        var documentsHeap = await ManagedMemory.ReadAsync(stack.DocumentsMetrics);
        var gatewayHeap = await ManagedMemory.ReadAsync(stack.GatewayMetrics);
        await path.SettleAsync(stored);
        return new MemoryBatch(path.Name, concurrency, elapsed, before, peak, documentsHeap, gatewayHeap);
    }

    private sealed record MemoryBatch(
        string Path, int Concurrency, TimeSpan Elapsed, IReadOnlyDictionary<string, long> Before, IReadOnlyDictionary<string, long> Peak,
        ManagedMemory DocumentsHeap, ManagedMemory GatewayHeap);
}
