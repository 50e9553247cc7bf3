using Ideation.Bench.Stack;
using Ideation.Contracts.Documents.V1;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Documents;

/// <summary>
/// What every upload through the gateway leaves behind (a document, and its scan) and how the bench
/// clears it. Random bytes are expected to come out CLEAN; any other verdict is kept for the report,
/// because it would mean a scan ended early (clamd's limits) and made the scanning look faster.
/// </summary>
public sealed class UploadedDocuments(PlatformApi platform)
{
    /// <summary>Scans of 50 MiB take seconds here; ten of them queued behind each other take longer.</summary>
    public static readonly TimeSpan VerdictTimeout = TimeSpan.FromMinutes(5);

    private readonly List<Document> _notClean = [];

    public PlatformApi Platform => platform;

    public IReadOnlyList<Document> NotClean => _notClean;

    /// <summary>Waits for the verdicts, keeps those that are not CLEAN, deletes the documents and returns them as scanned.</summary>
    public async Task<IReadOnlyList<Document>> SettleAsync(IReadOnlyCollection<string> documents)
    {
        var scanned = await platform.WaitForVerdictsAsync(documents, VerdictTimeout);
        _notClean.AddRange(scanned.Where(document => document.ScanState != ScanState.Clean));
        await platform.DeleteDocumentsAsync(documents);
        return scanned;
    }

    /// <summary>One line per kind of verdict other than CLEAN, for the end of the report.</summary>
    public IEnumerable<string> Report() =>
        _notClean.GroupBy(document => (document.ScanState, document.ThreatName, document.SizeBytes))
            .Select(group => $"{group.Count()} upload(s) of {group.Key.SizeBytes} bytes came out {group.Key.ScanState} ({group.Key.ThreatName}).");
}
