// The build: Clean -> Restore -> Build -> Test -> Publish, everything into ./artifacts.
// Plain Cake script, no addins. Run through scripts/test.sh, which starts the servers tests need.
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "");
// Bench: `--quick` runs every measurement with less data, to check that the bench works.
var quick = HasArgument("quick");
var solution = File("./Ideation.sln");
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Restore").Does(() =>
{
    DotNetRestore(solution);
});

Task("Build").IsDependentOn("Restore").Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(testResults);
    try
    {
        DotNetTest(solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            Filter = string.IsNullOrEmpty(filter) ? null : filter,
            ResultsDirectory = testResults,
            Loggers = { "trx", "console;verbosity=minimal" },
        });
    }
    finally
    {
        PrintTotals(testResults);
    }
});

Task("Publish").IsDependentOn("Build").Does(() =>
{
    foreach (var (name, project) in new[]
    {
        ("gateway", "./gateway/src/Ideation.Gateway.csproj"),
        ("ideas", "./services/ideas/src/Ideation.Ideas.csproj"),
        ("documents", "./services/documents/src/Ideation.Documents.csproj"),
        ("scanner", "./services/scanner/src/Ideation.Scanner.csproj"),
    })
    {
        DotNetPublish(project, new DotNetPublishSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = artifacts + Directory("publish") + Directory(name),
        });
    }
});

// Measures the running local stack (bench/start-stack.sh); see docs/performance.md for the layout
// on the machine's cores and the commands behind the published numbers. Not part of the default chain.
Task("Bench").Does(() =>
{
    var arguments = new ProcessArgumentBuilder().Append("documents");
    if (quick)
    {
        arguments.Append("--quick");
    }

    DotNetRun("./bench/Ideation.Bench/Ideation.Bench.csproj", arguments, new DotNetRunSettings { Configuration = configuration });
});

RunTarget(target);

// CI reads one plain line with the real totals of every test project, taken from the TRX files.
void PrintTotals(DirectoryPath resultsDirectory)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(resultsDirectory.FullPath + "/**/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(element => element.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }

    // Plain Console, not Information(): no colour codes around the line CI looks for.
    Console.WriteLine(skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed");
}
