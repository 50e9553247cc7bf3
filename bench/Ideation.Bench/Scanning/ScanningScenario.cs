using Ideation.Bench.Documents;
using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Scanning;

/// <summary>
/// The `scanning` scenario (issue 6, scenario 8): MB/s of the platform's scanner against
/// `clamdscan --stream` on the same files and the same clamd. clamd is the system under test of both
/// sides, so it gets core 1 to itself (<see cref="CoreLease"/>) and everything else shares core 0:
/// clamdscan reading local files on one side, the scanner streaming from the S3 server on the other.
/// </summary>
public sealed class ScanningScenario : IBenchScenario
{
    public const int ClamdCpu = 1;

    /// <summary>clamd takes core 1; the bench, clamdscan and the rest of the stack share core 0.</summary>
    public int BenchCpu => 0;

    public string Name => "scanning";

    public string Description => "scanner vs clamdscan --stream into the same clamd, clamd on core 1";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        var settings = run.Quick ? ScanningSettings.Quick : ScanningSettings.Full;
        var output = run.Output;
        var cpu = new CpuMeter(stack);
        await output.WriteLineAsync($"Machine: {MachineInfo.Describe(cpu.MeasuredPids())}");
        using var clamd = CoreLease.Pin(stack, "clamd", ClamdCpu);
        await output.WriteLineAsync(clamd.Describe());

        using var connections = new GatewayConnections(stack);
        var platform = new PlatformApi(connections);
        using var clamdScan = new ClamdScan(stack);
        var uploaded = new UploadedDocuments(platform);
        try
        {
            var scans = new ScanThroughput(new GrpcUpload(connections, uploaded), uploaded, clamdScan, cpu, stack, settings);
            await output.WriteLineAsync("Measuring scans (platform pipeline and clamdscan)");
            await scans.RunAsync(output);
            await output.WriteLineAsync("\n## Scan throughput\n\n" + scans.Report());
            scans.Chart(run.ChartPath("scanning-mbps.png"));

            var notClean = uploaded.Report().Select(line => "- " + line).DefaultIfEmpty("- Every upload came out CLEAN.");
            await output.WriteLineAsync("## Verdicts\n\n" + string.Join('\n', notClean));
        }
        finally
        {
            await platform.DeleteCreatedIdeasAsync();
        }
    }
}
