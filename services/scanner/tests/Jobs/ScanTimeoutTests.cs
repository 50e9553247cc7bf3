using Ideation.Scanner.Jobs;
using Ideation.Testing;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

public sealed class ScanTimeoutTests
{
    [Fact]
    public async Task A_scan_that_outlasts_the_scan_timeout_is_unscannable()
    {
        // A millisecond: no object travels from storage through clamd that fast, so every scan times out.
        await using var bed = await JobsTestBed.StartAsync(settings => settings.ScanTimeout = TimeSpan.FromMilliseconds(1));
        var (document, entry) = await bed.SubmitAsync(TestFiles.RandomBytes(5 * 1024 * 1024, seed: 3));

        var verdict = await bed.VerdictAsync(document);

        Assert.Equal(ScanState.Unscannable, verdict.Verdict);
        Assert.Equal(ObjectScanner.TimedOut, verdict.Detail);
        await bed.AcknowledgedAsync(entry);
    }
}
