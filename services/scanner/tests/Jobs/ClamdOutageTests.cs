using System.Net;
using Ideation.Testing;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>clamd daemons of the tests' own, stopped and started again under a running worker.</summary>
public sealed class ClamdOutageTests
{
    [Fact]
    public async Task Without_clamd_no_job_is_claimed_and_every_job_gets_its_verdict_once_clamd_is_back()
    {
        await using var clamd = await LocalServer.StartClamdAsync();
        await using var bed = await JobsTestBed.StartAsync(settings => settings.Clamd = [clamd.Endpoint]);
        clamd.Kill();
        await ReadinessAsync(bed, HttpStatusCode.ServiceUnavailable);

        var clean = await bed.SubmitAsync(TestFiles.Pdf("waiting for clamd"));
        var infected = await bed.SubmitAsync(TestFiles.Eicar());
        // Long enough for many read and PING rounds (200 ms each): a worker that claims without clamd would have.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(0, bed.Ledger.ClaimCount);
        Assert.Null(bed.Ledger.VerdictOf(clean.Document));
        Assert.Equal(2, await bed.Queue.UnacknowledgedAsync());

        await clamd.StartAgainAsync();

        Assert.Equal(ScanState.Clean, (await bed.VerdictAsync(clean.Document)).Verdict);
        Assert.Equal(ScanState.Infected, (await bed.VerdictAsync(infected.Document)).Verdict);
        await bed.AcknowledgedAsync(clean.EntryId);
        await bed.AcknowledgedAsync(infected.EntryId);
        Assert.Single(bed.Ledger.ClaimsFor(clean.Document));
    }

    [Fact]
    public async Task With_one_of_two_clamd_daemons_down_scans_go_to_the_live_one()
    {
        await using var down = await LocalServer.StartClamdAsync();
        down.Kill();
        await using var bed = await JobsTestBed.StartAsync(settings => settings.Clamd = [down.Endpoint, SharedServers.Clamd]);
        await ReadinessAsync(bed, HttpStatusCode.OK);

        var jobs = new List<(string Document, string EntryId)>();
        for (var i = 0; i < 4; i++)
        {
            jobs.Add(await bed.SubmitAsync(i % 2 == 0 ? TestFiles.Pdf($"report {i}") : TestFiles.Eicar()));
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? ScanState.Clean : ScanState.Infected, (await bed.VerdictAsync(jobs[i].Document)).Verdict);
            await bed.AcknowledgedAsync(jobs[i].EntryId);
            // Each scan went to the live daemon at its first claim: none failed over a dead one.
            Assert.Single(bed.Ledger.ClaimsFor(jobs[i].Document));
        }
    }

    private static Task ReadinessAsync(JobsTestBed bed, HttpStatusCode expected) =>
        Eventually.AssertAsync(async () =>
        {
            using var http = new HttpClient();
            return (await http.GetAsync($"http://127.0.0.1:{bed.ManagementPort}/ready")).StatusCode == expected;
        }, $"the scanner's readiness is {expected}");
}
