using System.Diagnostics;
using Ideation.Bench.Documents;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Scanning;

/// <summary>
/// Measurement 2: MB/s of the scan pipeline (outbox, relay, Redis, scanner, S3 read, clamd, verdict)
/// against clamdscan --stream on the same clamd. The pipeline's files are sent over native gRPC
/// streams that stay open until every byte of every file is through, then all are ended at once:
/// so the uploads are accepted together and no upload competes with the scans being timed. The
/// clock runs from the first upload accepted to the last verdict (the scanner's own timestamp): the
/// scanner's MB/s, not the upload's. Every scan, pipeline or clamdscan, gets files never scanned
/// before. The scanner's time per file comes from its own metric (scanner_scan_duration_seconds).
/// </summary>
public sealed class ScanThroughput(GrpcUpload grpc, UploadedDocuments uploaded, ClamdScan clamdScan, CpuMeter cpu, LocalStack stack, ScanningSettings settings)
{
    public const string Pipeline = "platform pipeline";
    private const string OneClamdscan = "clamdscan --stream";
    private const string TwoClamdscans = "clamdscan --stream, 2 processes";

    private readonly List<ScanSample> _samples = [];
    private readonly List<ScannerMetrics> _scannerRounds = [];
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
        if (_scannerRounds.Count > 0)
        {
            var perFile = Summary.Of(_scannerRounds.Select(round => round.ScanSeconds / round.Scans));
            details.Add($"Scanner-side mean time per file per round, job taken to verdict recorded (scanner_scan_duration_seconds, " +
                        $"{_scannerRounds.Sum(round => round.Scans):0} scans, several at a time): " +
                        $"median {perFile.Median:0.000} s, min {perFile.Min:0.000} s, max {perFile.Max:0.000} s; " +
                        $"bytes streamed into clamd per round: {Units.Mebibytes((long)Summary.Of(_scannerRounds.Select(round => round.ScannedBytes)).Median):0} MiB.");
        }

        details.Add(_notClean.Count == 0
            ? "Every scan answered CLEAN (OK)."
            : $"Scans that did not answer CLEAN (they may have stopped early): {string.Join("; ", _notClean)}.");
        return $"{table}\n{cpuTable}\n{string.Join('\n', details.Select(line => "- " + line))}\n";
    }

    private string Spread() =>
        _acceptanceSpreads.Count == 0 ? "n/a" : $"{Summary.Of(_acceptanceSpreads.Select(spread => spread.TotalSeconds)).Median:0.00} s";

    /// <summary>Scan MB/s: the pipeline beside clamdscan, medians with min-max.</summary>
    public void Chart(string path) =>
        Output.Charts.Bars(path, $"Scan MB/s, {settings.ScanFiles} files of {Units.Mebibytes(settings.ScanFileSize):0} MiB (clamd on a core of its own)", "MB/s",
            [.. new[] { Pipeline, OneClamdscan, TwoClamdscans }.Select(name => (name, Summary.Of(Rates(name).Values)))]);

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
        var scannerBefore = await ScannerMetrics.ReadAsync(stack.ScannerMetrics);
        var names = accepted.Select(upload => upload.Name).ToList();
        var documents = await uploaded.Platform.WaitForVerdictsAsync(names, UploadedDocuments.VerdictTimeout);
        var usage = cpu.Take().Since(before);

        var firstAccepted = accepted.Min(upload => upload.Time);
        var lastVerdict = documents.Max(document => document.ScanTime.ToDateTime());
        _notClean.AddRange(documents.Where(document => document.ScanState != ScanState.Clean)
            .Select(document => $"{Pipeline}: {document.ScanState} ({document.ThreatName})"));
        _acceptanceSpreads.Add(accepted.Max(upload => upload.Time) - firstAccepted);
        _scannerRounds.Add((await ScannerMetrics.ReadAsync(stack.ScannerMetrics)).Since(scannerBefore));
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
