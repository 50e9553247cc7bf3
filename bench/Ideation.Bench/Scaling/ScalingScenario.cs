using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Scanning;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Scaling;

/// <summary>
/// The `scaling` scenario (issue 6, scenario 9): uploads per second that reach a final verdict with
/// 1, 2 and 4 scanner instances sharing the queue (the stack's scanner plus extra processes in the
/// same consumer group). clamd has core 1 to itself, as in `scanning`; the stack, the extra scanners
/// and the bench share core 0. The queue must drain: every upload gets its verdict and documents'
/// scan_queue_depth is back at 0 after each round.
/// </summary>
public sealed class ScalingScenario : IBenchScenario
{
    /// <summary>clamd takes core 1; the bench, clamdscan and the rest of the stack share core 0.</summary>
    public int BenchCpu => 0;

    public string Name => "scaling";

    public string Description => "uploads/s reaching a verdict with 1, 2, 4 scanner instances, clamd on core 1";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        var settings = run.Quick ? ScalingSettings.Quick : ScalingSettings.Full;
        var output = run.Output;
        var cpu = new CpuMeter(stack);
        await output.WriteLineAsync($"Machine: {MachineInfo.Describe(cpu.MeasuredPids())}");
        using var clamd = CoreLease.Pin(stack, "clamd", ScanningScenario.ClamdCpu);
        await output.WriteLineAsync(clamd.Describe());

        using var connections = new GatewayConnections(stack);
        var platform = new PlatformApi(connections);
        var stackCpus = File.ReadLines($"/proc/{cpu.Pid("scanner")}/status")
            .First(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        await using var extras = new ExtraScanners(stack, stackCpus);
        var drain = new DrainRounds(platform, connections, cpu, extras, stack, settings);
        try
        {
            foreach (var instances in settings.Instances)
            {
                await extras.GrowToAsync(instances - 1);
                await output.WriteLineAsync($"  {instances} scanner instance(s) running");
                for (var round = 0; round < settings.Rounds; round++)
                {
                    await drain.RunAsync(instances, round);
                }
            }

            await output.WriteLineAsync("\n## Scanner scaling\n\n" + drain.Report());
            drain.Chart(run.ChartPath("scaling-uploads-per-second.png"));
        }
        finally
        {
            await platform.DeleteCreatedIdeasAsync();
        }
    }
}
