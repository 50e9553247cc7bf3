using Ideation.Documents.Api;
using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Pipeline;

/// <summary>The rules of recording a scan verdict, apart from the database so that they read (and test) on their own.</summary>
internal static class Verdicts
{
    /// <summary>The stored state of a verdict a scanner may report, or null for PENDING, SCANNING and unknown values.</summary>
    public static ScanState? Accept(Proto verdict) =>
        ScanStates.FromProto(verdict) is { } state and (ScanState.Clean or ScanState.Infected or ScanState.Unscannable or ScanState.Failed)
            ? state
            : null;

    /// <summary>True while <paramref name="generation"/> is the scan requested and its verdict is not in yet.</summary>
    public static bool IsOwed(DocumentRecord document, long generation) =>
        document.ScanGeneration == generation && document.VerdictGeneration < generation;

    /// <summary>
    /// What is recorded for a verdict. CLEAN must cover every byte of the upload: a scan that read
    /// fewer (or more) bytes judged something else, so it is UNSCANNABLE, never CLEAN.
    /// </summary>
    public static (ScanState State, string? Detail) Effective(ScanState verdict, string detail, long scannedBytes, long sizeBytes) =>
        verdict switch
        {
            ScanState.Clean when scannedBytes != sizeBytes => (ScanState.Unscannable, $"the scan covered {scannedBytes} of {sizeBytes} bytes"),
            ScanState.Clean => (ScanState.Clean, null),
            _ => (verdict, detail.Length > 0 ? detail : null),
        };

    /// <summary>Records a verdict for <paramref name="generation"/> and ends the lease.</summary>
    public static void Record(
        DocumentRecord document, long generation, ScanState state, string? detail, string? engineVersion, string? signatureVersion, DateTime scanTime)
    {
        document.ScanState = state;
        document.ThreatName = detail;
        document.EngineVersion = engineVersion;
        document.SignatureVersion = signatureVersion;
        document.ScanTime = scanTime;
        document.VerdictGeneration = generation;
        document.LeaseExpireTime = null;
        document.Scanner = null;
    }
}
