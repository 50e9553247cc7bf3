using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// The `documents` scenario: upload throughput against S3, scan throughput against clamdscan, and the
/// memory of documents and the gateway under concurrent uploads, all against the running local stack.
/// It prints Markdown tables; the ideas and documents it creates are deleted at the end.
/// </summary>
public sealed class DocumentsScenario : IBenchScenario
{
    public string Name => "documents";

    public string Description =>
        "uploads (gateway vs S3 PutObject), scanning (pipeline vs clamdscan), memory under concurrent uploads; needs bench/start-stack.sh running";

    public Task RunAsync(BenchRun run) =>
        RunAsync(new LocalStack(), run.Quick ? DocumentsSettings.Quick : DocumentsSettings.Full, run.Output);

    private static async Task RunAsync(LocalStack stack, DocumentsSettings settings, TextWriter output)
    {
        var cpu = new CpuMeter(stack);
        var pids = cpu.Names.Where(name => name != CpuMeter.Bench).ToDictionary(name => name, cpu.Pid);
        await output.WriteLineAsync($"Machine: {MachineInfo.Describe(pids)}");

        using var connections = new GatewayConnections(stack);
        var platform = new PlatformApi(connections);
        using var s3 = await S3Direct.ConnectAsync(stack);
        using var clamdScan = new ClamdScan(stack);
        var uploaded = new UploadedDocuments(platform);
        var grpc = new GrpcUpload(connections, uploaded);
        IReadOnlyList<IUploadPath> gatewayPaths =
        [
            new RestUpload("REST, HTTP/1.1", connections.Rest11, uploaded),
            new RestUpload("REST, HTTP/2", connections.Rest2, uploaded),
            grpc,
        ];

        try
        {
            // Documents' part size in the local run (Documents:Storage:PartSizeBytes, default 8 MiB).
            var uploads = new UploadThroughput([.. gatewayPaths, S3Direct.InParts(s3, 8 * Units.MiB)], S3Direct.PutObject(s3), platform, cpu, settings);
            var scans = new ScanThroughput(grpc, uploaded, clamdScan, cpu, stack, settings);
            var memory = new UploadMemory(gatewayPaths, platform, cpu, stack, settings);

            // Memory first: its baseline is the RSS of a freshly started stack (see UploadMemory).
            await output.WriteLineAsync("\nMeasuring memory (concurrent uploads through the gateway)");
            await memory.RunAsync(output);
            await output.WriteLineAsync("\n## Peak memory during uploads\n\n" + memory.Report());

            await output.WriteLineAsync("Measuring uploads (1 at a time, through the gateway and straight to S3)");
            await uploads.RunAsync(output);
            await output.WriteLineAsync("\n## Upload throughput\n\n" + uploads.Report());

            await output.WriteLineAsync("Measuring scans (platform pipeline and clamdscan)");
            await scans.RunAsync(output);
            await output.WriteLineAsync("\n## Scan throughput\n\n" + scans.Report());

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
