using System.Diagnostics;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Documents;

/// <summary>
/// Measurement 2: MB/s of the scan pipeline (outbox, relay, Redis, scanner, S3 read, clamd, verdict)
/// against clamdscan --stream on the same clamd. The pipeline's files are sent over native gRPC
/// streams that stay open until every byte of every file is through, then all are ended at once:
/// so the uploads are accepted together and no upload competes with the scans being timed. The
/// clock runs from the first upload accepted to the last verdict (the scanner's own timestamp).
/// Every scan, pipeline or clamdscan, gets files never scanned before.
/// </summary>
public sealed class ScanThroughput(GrpcUpload grpc, UploadedDocuments uploaded, ClamdScan clamdScan, CpuMeter cpu, LocalStack stack, DocumentsSettings settings)
{
    public const string Pipeline = "platform pipeline";
    private const string OneClamdscan = "clamdscan --stream";
    private const string TwoClamdscans = "clamdscan --stream, 2 processes";

    private readonly List<ScanSample> _samples = [];
    private readonly List<TimeSpan> _scannerTimes = [];
    private readonly List<TimeSpan> _acceptanceSpreads = [];
    private readonly List<string> _notClean = [];

    private long RoundBytes => (long)settings.ScanFiles * settings.ScanFileSize;

    public async Task RunAsync(TextWriter log)
    {
        Func<int, Task<ScanSample>>[] variants = [PipelineAsync, round => ClamdscanAsync(round, 1), round => ClamdscanAsync(round, 2)];
        for (var round = 0; round < settings.Rounds; round++)
        {
            // Alternate which side goes first.
            foreach (var variant in round % 2 == 0 ? variants : variants.Reverse())
            {
                _samples.Add(await variant(round));
            }

            await log.WriteLineAsync($"  scan round {round + 1} of {settings.Rounds}: done");
        }
    }

    public string Report()
    {
        var table = new MarkdownTable("what", "median MB/s", "min", "max", "pipeline / this (median)", "ratio min", "ratio max", "rounds");
        var pipeline = Rates(Pipeline);
        var pipelineRate = Summary.Of(pipeline.Values);
        table.Add(Pipeline, pipelineRate.Median, pipelineRate.Min, pipelineRate.Max, "1", "", "", pipelineRate.Count);
        foreach (var name in new[] { OneClamdscan, TwoClamdscans })
        {
            var rates = Rates(name);
            var rate = Summary.Of(rates.Values);
            var ratio = Summary.Of(rates.Select(entry => pipeline[entry.Key] / entry.Value));
            table.Add(name, rate.Median, rate.Min, rate.Max, ratio.Median, ratio.Min, ratio.Max, rate.Count);
        }

        var cpuTable = new CpuTable("CPU seconds per 100 MB scanned");
        foreach (var name in new[] { Pipeline, OneClamdscan, TwoClamdscans })
        {
            var samples = _samples.Where(sample => sample.Name == name).ToList();
            cpuTable.Add(name, CpuUsage.Sum(samples.Select(sample => sample.Cpu)), samples.Count * RoundBytes);
        }

        var fileMiB = Units.Mebibytes(settings.ScanFileSize);
        var details = new List<string>
        {
            $"{settings.ScanFiles} files of {fileMiB:0} MiB per round (PDF header, random bytes).",
            $"Uploads accepted within {Spread()} of each other (median over rounds; the clock starts at the first).",
        };
        if (_scannerTimes.Count > 0)
        {
            var perFile = Summary.Of(_scannerTimes.Select(time => time.TotalSeconds));
            details.Add($"Scanner-side time per file, job taken to verdict recorded (scanner log, {perFile.Count} scans, 2 at a time): " +
                        $"median {perFile.Median:0.000} s, min {perFile.Min:0.000} s, max {perFile.Max:0.000} s " +
                        $"({Units.MegabytesPerSecond(settings.ScanFileSize, TimeSpan.FromSeconds(perFile.Median)):0.0} MB/s per scan).");
        }
        else
        {
            details.Add("Scanner-side time per file: not in the scanner log (start the stack with bench/start-stack.sh for timestamped lines).");
        }

        details.Add(_notClean.Count == 0
            ? "Every scan answered CLEAN (OK)."
            : $"Scans that did not answer CLEAN (they may have stopped early): {string.Join("; ", _notClean)}.");
        return $"{table}\n{cpuTable}\n{string.Join('\n', details.Select(line => "- " + line))}\n";
    }

    private string Spread() =>
        _acceptanceSpreads.Count == 0 ? "n/a" : $"{Summary.Of(_acceptanceSpreads.Select(spread => spread.TotalSeconds)).Median:0.00} s";

    private Dictionary<int, double> Rates(string name) =>
        _samples.Where(sample => sample.Name == name).ToDictionary(sample => sample.Round, sample => Units.MegabytesPerSecond(RoundBytes, sample.Elapsed));

    private async Task<ScanSample> PipelineAsync(int round)
    {
        var idea = await uploaded.Platform.ReserveIdeaAsync(settings.ScanFiles);
        var files = Enumerable.Range(0, settings.ScanFiles).Select(_ => PdfPayload.Create(settings.ScanFileSize)).ToList();
        var pending = await Task.WhenAll(files.Select(file => grpc.SendAllButEndAsync(idea, file)));
        await Task.Delay(UploadThroughput.Quiet);
        var accepted = await Task.WhenAll(pending.Select(async upload =>
        {
            await using (upload)
            {
                var name = await upload.FinishAsync();
                return (Name: name, Time: DateTime.UtcNow);
            }
        }));
        // CPU from here: storing the last parts and assembling the objects belong to the uploads, and
        // the few scans that begin in the moment between the first and the last acceptance are a
        // small part of the round.
        var before = cpu.Take();
        var names = accepted.Select(upload => upload.Name).ToList();
        var documents = await uploaded.Platform.WaitForVerdictsAsync(names, UploadedDocuments.VerdictTimeout);
        var usage = cpu.Take().Since(before);

        var firstAccepted = accepted.Min(upload => upload.Time);
        var lastVerdict = documents.Max(document => document.ScanTime.ToDateTime());
        _notClean.AddRange(documents.Where(document => document.ScanState != ScanState.Clean)
            .Select(document => $"{Pipeline}: {document.ScanState} ({document.ThreatName})"));
        _acceptanceSpreads.Add(accepted.Max(upload => upload.Time) - firstAccepted);
        _scannerTimes.AddRange(ScannerLog.ScanDurations(stack.ScannerLog, names).Values);
        await uploaded.SettleAsync(names);
        return new ScanSample(Pipeline, round, lastVerdict - firstAccepted, usage);
    }

    private async Task<ScanSample> ClamdscanAsync(int round, int processes)
    {
        var files = clamdScan.WriteFiles(settings.ScanFiles, settings.ScanFileSize);
        try
        {
            await Task.Delay(UploadThroughput.Quiet);
            var before = cpu.Take();
            var clock = Stopwatch.StartNew();
            var found = await clamdScan.ScanAsync(files, processes);
            var elapsed = clock.Elapsed;
            var name = processes == 1 ? OneClamdscan : TwoClamdscans;
            _notClean.AddRange(found.Select(answer => $"{name}: {answer[(answer.LastIndexOf(": ", StringComparison.Ordinal) + 2)..]}"));
            return new ScanSample(name, round, elapsed, cpu.Take().Since(before));
        }
        finally
        {
            clamdScan.DeleteFiles(files);
        }
    }

    private sealed record ScanSample(string Name, int Round, TimeSpan Elapsed, CpuUsage Cpu);
}
