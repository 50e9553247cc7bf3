using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// The `documents` scenario (issue 6, scenario 7): upload throughput through the gateway against S3
/// PutObject, and the memory of documents and the gateway under concurrent uploads, against the
/// running local stack. It prints Markdown tables and saves two charts; the ideas and documents it
/// creates are deleted at the end. Scanning has its own scenarios (`scanning`, `scaling`), which lay
/// the cores out differently.
/// </summary>
public sealed class DocumentsScenario : IBenchScenario
{
    public string Name => "documents";

    public string Description =>
        "uploads (gateway vs S3 PutObject), memory under concurrent uploads; needs a fresh bench/start-stack.sh";

    public Task RunAsync(BenchRun run) =>
        RunAsync(new LocalStack(), run.Quick ? DocumentsSettings.Quick : DocumentsSettings.Full, run);

    private static async Task RunAsync(LocalStack stack, DocumentsSettings settings, BenchRun run)
    {
        var output = run.Output;
        var cpu = new CpuMeter(stack);
        var pids = cpu.MeasuredPids();
        await output.WriteLineAsync($"Machine: {MachineInfo.Describe(pids)}");

        using var connections = new GatewayConnections(stack);
        var platform = new PlatformApi(connections);
        using var s3 = await S3Direct.ConnectAsync(stack);
        var uploaded = new UploadedDocuments(platform);
        IReadOnlyList<IUploadPath> gatewayPaths =
        [
            new RestUpload("REST, HTTP/1.1", connections.Rest11, uploaded),
            new RestUpload("REST, HTTP/2", connections.Rest2, uploaded),
            new GrpcUpload(connections, uploaded),
        ];

        try
        {
            // The multipart paths tell what parts cost: documents' own when no length is announced,
            // and the S3 server's alone with documents' part size (Documents:Storage:PartSizeBytes, 8 MiB).
            var uploads = new UploadThroughput(
                [.. gatewayPaths, new GrpcUpload(connections, uploaded, announceLength: false), S3Direct.InParts(s3, 8 * Units.MiB)],
                S3Direct.PutObject(s3), platform, cpu, settings);
            var memory = new UploadMemory(gatewayPaths, platform, cpu, stack, settings);

            // Memory first: its baseline is the RSS of a freshly started stack (see UploadMemory).
            await output.WriteLineAsync("\nMeasuring memory (concurrent uploads through the gateway)");
            await memory.RunAsync(output);
            await output.WriteLineAsync("\n## Peak memory during uploads\n\n" + memory.Report());
            memory.Chart(run.ChartPath("documents-upload-rss.png"));

            await output.WriteLineAsync("Measuring uploads (1 at a time, through the gateway and straight to S3)");
            await uploads.RunAsync(output);
            await output.WriteLineAsync("\n## Upload throughput\n\n" + uploads.Report());
            uploads.Chart(run.ChartPath("documents-upload-mbps.png"));

            await output.WriteLineAsync("## Verdicts\n");
            var notClean = uploaded.Report().Select(line => "- " + line).DefaultIfEmpty("- Every upload came out CLEAN.");
            await output.WriteLineAsync(string.Join('\n', notClean));
        }
        finally
        {
            await platform.DeleteCreatedIdeasAsync();
        }
    }
}
