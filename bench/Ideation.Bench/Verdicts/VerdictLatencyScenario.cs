using Ideation.Bench.Documents;
using Ideation.Bench.Harness;
using Ideation.Bench.Load;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Verdicts;

/// <summary>
/// The `verdicts` scenario: how long a document waits on an idle platform, from its upload being
/// accepted to its verdict, that is until its author may read it. The span is the document's own
/// create_time to its scan_time (the platform's timestamps, so the bench's polling adds nothing).
/// One small upload at a time, each after a random pause of up to a second: uploads fall anywhere in
/// the background loops' poll cycles, as a user's do.
/// </summary>
public sealed class VerdictLatencyScenario : IBenchScenario
{
    private const int FileBytes = 64 * 1024;

    public string Name => "verdicts";

    public string Description => "upload accepted to verdict, one small upload at a time on an idle platform; needs bench/start-stack.sh running";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        using var connections = new GatewayConnections(stack);
        var platform = new PlatformApi(connections);
        var uploaded = new UploadedDocuments(platform);
        var upload = new GrpcUpload(connections, uploaded);
        var count = run.Quick ? 20 : 60;
        var latencies = new List<double>();
        try
        {
            // The first upload pays for connections and JIT compilation: not counted.
            await MeasureOneAsync(platform, upload);
            for (var i = 0; i < count; i++)
            {
                await Task.Delay(Random.Shared.Next(1000));
                latencies.Add(await MeasureOneAsync(platform, upload));
            }
        }
        finally
        {
            await platform.DeleteCreatedIdeasAsync();
        }

        var summary = Summary.Of(latencies);
        var table = new MarkdownTable("uploads", "median ms", "p90 ms", "min ms", "max ms");
        table.Add(summary.Count, summary.Median, LatencyPercentiles.NearestRank([.. latencies.Order()], 0.9), summary.Min, summary.Max);
        await run.LogAsync($"\n## Upload accepted to verdict, {FileBytes / 1024} KiB PDF, one at a time\n\n{table}");
        var ranked = latencies.Order().Select((latency, rank) => ((rank + 1) * 100.0 / latencies.Count, new Summary(latency, latency, latency, 1))).ToList();
        Charts.Lines(run.ChartPath("verdicts-latency.png"), "Upload accepted to verdict, one at a time (idle platform)",
            "uploads (%)", "ms", [("latency", ranked)]);
    }

    /// <summary>One upload to its verdict; returns create_time to scan_time in milliseconds.</summary>
    private static async Task<double> MeasureOneAsync(PlatformApi platform, GrpcUpload upload)
    {
        var idea = await platform.ReserveIdeaAsync(1);
        var name = await upload.UploadAsync(idea, PdfPayload.Create(FileBytes));
        var document = (await platform.WaitForVerdictsAsync([name], UploadedDocuments.VerdictTimeout)).Single();
        await platform.DeleteDocumentsAsync([name]);
        if (document.ScanState != ScanState.Clean)
        {
            throw new InvalidOperationException($"{name} came out {document.ScanState} ({document.ThreatName}), not CLEAN: the measurement would not be a scan.");
        }

        return (document.ScanTime.ToDateTime() - document.CreateTime.ToDateTime()).TotalMilliseconds;
    }
}
