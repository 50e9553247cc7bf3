using Ideation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>Stopping the scanner while a job runs: the job finishes, or, cut off, stays pending.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_scan_running_when_the_scanner_stops_is_finished_and_acknowledged()
    {
        await using var bed = await JobsTestBed.StartAsync();
        bed.Ledger.HoldStartScans();
        var (document, entry) = await bed.SubmitAsync(TestFiles.Pdf("last one out"));
        await bed.Ledger.StartScanArrived.Task.WaitAsync(Eventually.Patience);

        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = bed.Scanner!.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopRequested.SetResult);
        var stopping = bed.StopScannerAsync();
        await stopRequested.Task.WaitAsync(Eventually.Patience);
        // The worker is the first service the host stops (the last registered); give its StopAsync a moment to begin.
        await Task.Delay(500);
        bed.Ledger.ReleaseStartScans();
        await stopping.WaitAsync(Eventually.Patience);

        Assert.Equal(ScanState.Clean, bed.Ledger.VerdictOf(document)?.Verdict);
        Assert.True(await bed.Queue.IsAcknowledgedAsync(entry));
    }

    [Fact]
    public async Task A_scan_cut_off_by_the_shutdown_timeout_stays_pending_without_a_verdict()
    {
        await using var bed = await JobsTestBed.StartAsync();
        bed.Ledger.HoldStartScans();
        var (document, entry) = await bed.SubmitAsync(TestFiles.Pdf("cut off"));
        await bed.Ledger.StartScanArrived.Task.WaitAsync(Eventually.Patience);

        // The caller's token stands in for the host's shutdown timeout running out.
        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await bed.StopScannerAsync(shutdownTimeout.Token).WaitAsync(Eventually.Patience);

        Assert.Null(bed.Ledger.VerdictOf(document));
        Assert.NotNull(await bed.Queue.PendingAsync(entry));
    }
}
