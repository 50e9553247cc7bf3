using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// The bounded soak (build target Soak, never part of the test command: the Test target leaves out the
/// category Soak): the mixed load for IDEATION_SOAK_MINUTES (10 by default) while faults chosen at
/// random from the matrix come and go, then the ledger check. Prints the requests, errors by kind,
/// acknowledged writes lost and documents readable before CLEAN, writes them to IDEATION_SOAK_REPORT
/// when set, and fails unless both are 0.
/// </summary>
[Trait("Category", "Soak")]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mixed_load_with_random_faults_loses_nothing_and_reads_nothing_unscanned()
    {
        var duration = TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("IDEATION_SOAK_MINUTES") ?? "10", CultureInfo.InvariantCulture));
        var seed = int.TryParse(Environment.GetEnvironmentVariable("IDEATION_SOAK_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var platform = new FaultPlatform();
        await platform.InitializeAsync();
        try
        {
            var faults = new Dictionary<string, int>(StringComparer.Ordinal);
            var readinessSurprises = new List<string>();
            var started = DateTime.UtcNow;
            await using var readiness = new ReadinessWatch(platform);
            await using var load = new MixedLoad(platform);
            while (DateTime.UtcNow - started < duration)
            {
                var name = Fault.Names[random.Next(Fault.Names.Count)];
                faults[name] = faults.GetValueOrDefault(name) + 1;
                var observation = await FaultDrill.RunAsync(Fault.Of(platform, name), load, readiness);
                if (!observation.ReadinessAsExpected)
                {
                    readinessSurprises.Add(observation.ToString());
                }

                // A quiet spell between faults, under the same load.
                await Task.Delay(TimeSpan.FromSeconds(random.Next(5, 20)));
            }

            await load.StopAsync();
            var elapsed = DateTime.UtcNow - started;
            var findings = await LedgerCheck.RunAsync(platform, load.Ledger, load.SubmitterToken);
            var report = Report(seed, elapsed, faults, load, findings, readinessSurprises);
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("IDEATION_SOAK_REPORT") is { Length: > 0 } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, report);
            }

            Assert.True(findings.LostWrites.Count == 0 && findings.ReadableBeforeClean.Count == 0, report);
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    private static string Report(int seed, TimeSpan elapsed, Dictionary<string, int> faults, MixedLoad load, LedgerFindings findings, List<string> readinessSurprises)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"soak: {elapsed.TotalMinutes:F1} min, seed {seed}");
        report.AppendLine(CultureInfo.InvariantCulture, $"faults injected: {faults.Values.Sum()} ({string.Join(", ", faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))})");
        report.AppendLine(CultureInfo.InvariantCulture, $"requests: {load.Statistics.Requests}");
        report.AppendLine(CultureInfo.InvariantCulture, $"errors: {load.Statistics.Errors}");
        foreach (var (kind, count) in load.Statistics.ErrorsByKind)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {kind}: {count}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"acknowledged writes: {load.Ledger.Writes} ({load.Ledger.Ideas.Count} ideas created, {load.Ledger.Uploads.Count} uploads)");
        report.AppendLine(CultureInfo.InvariantCulture, $"acknowledged writes lost: {findings.LostWrites.Count}");
        report.AppendLine(CultureInfo.InvariantCulture, $"documents readable before CLEAN: {findings.ReadableBeforeClean.Count}");
        report.AppendLine(CultureInfo.InvariantCulture, $"uploads without their right verdict: {findings.WrongVerdicts.Count}");
        report.AppendLine(CultureInfo.InvariantCulture, $"faults with unexpected readiness: {readinessSurprises.Count}");
        foreach (var line in findings.LostWrites.Concat(findings.ReadableBeforeClean).Concat(findings.WrongVerdicts).Concat(readinessSurprises))
        {
            report.AppendLine("  " + line);
        }

        return report.ToString();
    }
}
