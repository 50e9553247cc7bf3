using Xunit;
using Xunit.Abstractions;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// The fault matrix: with a mixed load running through the gateway, each part of the platform in turn
/// is killed with SIGKILL and brought back on the same port and data. Nothing acknowledged is lost,
/// every upload ends with the verdict its content deserves, no document is ever readable before it is
/// CLEAN, and readiness turns false exactly where docs/reliability.md says, and back to true. One
/// platform (with its own PostgreSQL) serves the whole matrix; each case starts a load of its own.
/// </summary>
public sealed class FaultInjectionTests(FaultPlatform platform, ITestOutputHelper output) : IClassFixture<FaultPlatform>
{
    [Theory]
    [InlineData("ideas")]
    [InlineData("documents")]
    [InlineData("scanner")]
    [InlineData("gateway")]
    [InlineData("redis")]
    [InlineData("postgresql")]
    [InlineData("clamd")]
    [InlineData("s3")]
    public async Task Killed_under_load_and_restarted_loses_nothing_acknowledged(string part)
    {
        await using var readiness = new ReadinessWatch(platform);
        FaultObservation observation;
        LedgerFindings findings;
        IReadOnlyDictionary<string, long> errorsByKind;
        await using (var load = new MixedLoad(platform))
        {
            observation = await FaultDrill.RunAsync(Fault.Of(platform, part), load, readiness);
            await load.StopAsync();
            output.WriteLine($"{load.Statistics}; {load.Ledger.Writes} writes acknowledged ({load.Ledger.Ideas.Count} ideas, {load.Ledger.Uploads.Count} uploads)");

            Assert.NotEmpty(load.Ledger.Ideas);
            Assert.Contains(load.Ledger.Uploads, upload => upload.ExpectedState == "SCAN_STATE_CLEAN");
            Assert.Contains(load.Ledger.Uploads, upload => upload.ExpectedState == "SCAN_STATE_INFECTED");
            findings = await LedgerCheck.RunAsync(platform, load.Ledger, load.SubmitterToken);
            errorsByKind = load.Statistics.ErrorsByKind;
        }

        output.WriteLine(observation.ToString());
        output.WriteLine(findings.ToString());
        Assert.Empty(findings.LostWrites);
        Assert.Empty(findings.WrongVerdicts);
        Assert.Empty(findings.ReadableBeforeClean);
        Assert.True(observation.ReadinessAsExpected, observation.ToString());
        // An outage is UNAVAILABLE (503) to the client, which retries it; an unhandled exception's
        // UNKNOWN (500) would tell it the request itself was at fault.
        Assert.DoesNotContain(errorsByKind.Keys, kind => kind.StartsWith("500 UNKNOWN", StringComparison.Ordinal));
    }
}
