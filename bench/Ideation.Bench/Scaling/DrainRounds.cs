using System.Collections.Concurrent;
using Ideation.Bench.Documents;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Scaling;

/// <summary>
/// One round: a batch of uploads sent a few at a time through the gateway (gRPC, length announced),
/// timed from the first upload's start to the last verdict; then documents' scan_queue_depth must be
/// back at 0. Records where the CPU went: clamd on its own core, everything else on the other.
/// </summary>
public sealed class DrainRounds(PlatformApi platform, GatewayConnections connections, CpuMeter cpu, ExtraScanners extras, LocalStack stack, ScalingSettings settings)
{
    private readonly UploadedDocuments _uploaded = new(platform);
    private readonly List<DrainRound> _rounds = [];

    public async Task RunAsync(int instances, int round)
    {
        var grpc = new GrpcUpload(connections, _uploaded);
        var payloads = Enumerable.Range(0, settings.Uploads).Select(_ => PdfPayload.Create(settings.FileSize)).ToList();
        var ideas = new List<string>();
        foreach (var _ in payloads)
        {
            ideas.Add(await platform.ReserveIdeaAsync(1));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var scanners = Scanners();
        var scannersBefore = await ScannerMetrics.SumAsync(scanners);
        var extraTicksBefore = ExtraTicks();
        var before = cpu.Take();
        var started = DateTime.UtcNow;
        var names = new ConcurrentBag<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, settings.UploadConcurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var index && index < payloads.Count)
            {
                names.Add(await grpc.UploadAsync(ideas[index], payloads[index]));
            }
        }));
        var uploaded = DateTime.UtcNow;
        var documents = await platform.WaitForVerdictsAsync(names, UploadedDocuments.VerdictTimeout);
        var usage = cpu.Take().Since(before);
        var extraSeconds = (ExtraTicks() - extraTicksBefore) / ProcFs.TicksPerSecond;
        var scans = (await ScannerMetrics.SumAsync(scanners)).Since(scannersBefore);
        var lastVerdict = documents.Max(document => document.ScanTime.ToDateTime());
        var depth = await QueueDepthAfterAsync();
        _rounds.Add(new DrainRound(instances, round, names.Count, uploaded - started, lastVerdict - started, usage, extraSeconds, scans, depth));
        await _uploaded.SettleAsync(names.ToList());
    }

    public string Report()
    {
        var table = new MarkdownTable("scanner instances", "uploads/s to verdict (median)", "min", "max", "scaling vs 1 instance",
            "uploads/s sent (median)", "queue depth after", "clamd busy (of its core)", "machine busy besides clamd (of one core)", "rounds");
        var baseline = Summary.Of(Rounds(1).Select(round => round.UploadsPerSecond)).Median;
        foreach (var instances in settings.Instances)
        {
            var rounds = Rounds(instances).ToList();
            var rate = Summary.Of(rounds.Select(round => round.UploadsPerSecond));
            table.Add(instances, rate.Median, rate.Min, rate.Max, $"{rate.Median / baseline:0.00}×",
                Summary.Of(rounds.Select(round => round.Uploads / round.Sending.TotalSeconds)).Median,
                string.Join(", ", rounds.Select(round => round.QueueDepthAfter)),
                $"{Summary.Of(rounds.Select(round => round.ClamdBusy)).Median:P0}", $"{Summary.Of(rounds.Select(round => round.OtherCoreBusy)).Median:P0}",
                rounds.Count);
        }

        var perUpload = new MarkdownTable("scanner instances", "clamd", "scanners (all instances)", "documents", "gateway", "s3rver", "postgres", "redis",
            "scanner time per file (s, metric)", "verdicts");
        foreach (var instances in settings.Instances)
        {
            var rounds = Rounds(instances).ToList();
            var uploads = rounds.Sum(round => round.Uploads);
            double Per(string process) => rounds.Sum(round => round.Cpu.Seconds.GetValueOrDefault(process)) / uploads;
            perUpload.Add(instances, Per("clamd"), (rounds.Sum(round => round.Cpu.Seconds.GetValueOrDefault("scanner") + round.ExtraScannerSeconds)) / uploads,
                Per("documents"), Per("gateway"), Per("s3rver"), Per("postgres"), Per("redis"),
                rounds.Sum(round => round.Scans.ScanSeconds) / Math.Max(1, rounds.Sum(round => round.Scans.Scans)),
                $"{rounds.Sum(round => round.Scans.Scans):0} of {uploads}");
        }

        return $"{table}\nCPU seconds per upload ({Units.Mebibytes(settings.FileSize):0} MiB each), and the scanners' own time per file:\n\n{perUpload}\n" +
               $"- {settings.Uploads} uploads of {Units.Mebibytes(settings.FileSize):0} MiB per round, {settings.UploadConcurrency} in flight; " +
               "the clock runs from the first upload's start to the last verdict; every upload reached a verdict in every round.\n" +
               "- Busy: CPU seconds over the round's wall time. clamd runs alone on core 1; \"besides clamd\" is every other process on the machine " +
               "(the stack and the scanners on core 0, and whatever else runs here), so 100 % means core 0 was full.\n" +
               string.Join('\n', _uploaded.Report().Select(line => "- " + line)) + "\n";
    }

    public void Chart(string path) =>
        Charts.Lines(path, $"Uploads/s reaching a verdict ({Units.Mebibytes(settings.FileSize):0} MiB files), clamd on its own core",
            "scanner instances", "uploads/s (median, min-max)",
            [("uploads/s to verdict", settings.Instances.Select(instances => ((double)instances, Summary.Of(Rounds(instances).Select(round => round.UploadsPerSecond)))).ToList())]);

    private IEnumerable<DrainRound> Rounds(int instances) => _rounds.Where(round => round.Instances == instances);

    private List<Uri> Scanners() => [stack.ScannerMetrics, .. extras.Metrics];

    private long ExtraTicks() => extras.Pids.Sum(pid => ProcFs.Ticks(pid)?.Ticks ?? 0);

    /// <summary>Documents' gauge refreshes on its own schedule: wait up to 15 s for it to read 0, and return what it reads last.</summary>
    private async Task<double> QueueDepthAfterAsync()
    {
        var depth = double.NaN;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            depth = (await PrometheusText.ReadAsync(stack.DocumentsMetrics))("scan_queue_depth");
            if (depth == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        return depth;
    }

    private sealed record DrainRound(
        int Instances, int Round, int Uploads, TimeSpan Sending, TimeSpan ToLastVerdict, CpuUsage Cpu, double ExtraScannerSeconds, ScannerMetrics Scans, double QueueDepthAfter)
    {
        public double UploadsPerSecond => Uploads / ToLastVerdict.TotalSeconds;

        private double CoreSeconds => ToLastVerdict.TotalSeconds;

        public double ClamdBusy => Cpu.Seconds.GetValueOrDefault("clamd") / CoreSeconds;

        public double OtherCoreBusy => (Cpu.MachineBusy - Cpu.Seconds.GetValueOrDefault("clamd")) / CoreSeconds;
    }
}
