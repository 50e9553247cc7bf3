using Ideation.Bench.Stack;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Documents;

/// <summary>What every upload through the gateway leaves behind, and how the bench clears it.</summary>
public static class GatewayUploads
{
    /// <summary>Scans of 50 MiB take seconds here; ten of them queued behind each other take longer.</summary>
    public static readonly TimeSpan VerdictTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Waits for the verdicts (a random PDF must come out CLEAN), then deletes the documents.</summary>
    public static async Task SettleAsync(PlatformApi platform, IReadOnlyCollection<string> documents)
    {
        var scanned = await platform.WaitForVerdictsAsync(documents, VerdictTimeout);
        var unclean = scanned.FirstOrDefault(document => document.ScanState != ScanState.Clean);
        if (unclean is not null)
        {
            throw new InvalidOperationException($"{unclean.Name} is {unclean.ScanState} ({unclean.ThreatName}), expected CLEAN.");
        }

        await platform.DeleteDocumentsAsync(documents);
    }
}
