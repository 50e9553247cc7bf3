using Ideation.Bench.Documents;
using Ideation.Bench.Harness;
using Ideation.Bench.Scaling;
using Ideation.Bench.Scanning;
using Ideation.Bench.Verdicts;
using Ideation.Bench.Proxy;
using Ideation.Bench.Startup;
using Ideation.Bench.Reads;
using Ideation.Bench.Writes;
using Ideation.Bench.Listing;

// Benchmarks of the platform against its baselines. Usage: Ideation.Bench <scenario>...|all [--quick]
// One line per scenario, in the order `all` runs them.
IBenchScenario[] scenarios =
[
    new DocumentsScenario(),
    new ScanningScenario(),
    new ScalingScenario(),
    new ProxyScenario(),
    new StartupScenario(),
    new ReadsScenario(),
    new WritesScenario(),
    new ListingScenario(),
    new VerdictLatencyScenario(),
];

var options = args.ToList();
var quick = options.Remove("--quick");
var chosen = options.Remove("all") ? scenarios.ToList() : [];
foreach (var name in options)
{
    if (scenarios.FirstOrDefault(scenario => scenario.Name == name) is { } scenario)
    {
        chosen.Add(scenario);
    }
    else
    {
        chosen.Clear();
        break;
    }
}

if (chosen.Count == 0)
{
    Console.Error.WriteLine("Usage: dotnet run --project bench/Ideation.Bench -c Release -- <scenario>...|all [--quick]");
    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"  {scenario.Name,-10} {scenario.Description}");
    }

    Console.Error.WriteLine("  --quick    fewer rounds and less data: to check that it works, not for the record");
    return 2;
}

var run = new BenchRun(quick, Console.Out, Path.Combine(RepositoryRoot.Find(), "docs", "performance"));
foreach (var scenario in chosen)
{
    if (BenchCore.RunsOnlyOn(scenario.BenchCpu))
    {
        await run.LogAsync($"\n# {scenario.Name}{(quick ? " (quick)" : "")}\n");
        await scenario.RunAsync(run);
    }
    else if (await BenchCore.RerunOnAsync(scenario.BenchCpu, scenario.Name, quick) is var exitCode and not 0)
    {
        return exitCode;
    }
}

return 0;
