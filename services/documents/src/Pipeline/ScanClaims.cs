using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;

namespace Ideation.Documents.Pipeline;

/// <summary>What a StartScan call may do with a scan, decided from the document's row as locked.</summary>
internal enum ClaimDecision
{
    /// <summary>The document is gone, the job's generation is not the one owed a verdict, or the verdict is in.</summary>
    Done,

    /// <summary>Another scanner's lease is still live.</summary>
    InProgress,

    /// <summary>Claimed as often as allowed without a verdict: record FAILED.</summary>
    GiveUp,

    /// <summary>Claim it.</summary>
    Scan,
}

/// <summary>The claim rules of a scan generation, apart from the database so that they read (and test) on their own.</summary>
internal static class ScanClaims
{
    public static ClaimDecision Decide(DocumentRecord? document, long generation, string scanner, DateTime now, int maxClaims)
    {
        // A generation above the current one was never queued by this service; like a stale one, it has nothing to scan.
        if (document is null || generation != document.ScanGeneration || document.VerdictGeneration >= generation)
        {
            return ClaimDecision.Done;
        }

        // The same scanner may claim again under its own live lease: it retries after a failed attempt.
        if (document.LeaseExpireTime > now && document.Scanner != scanner)
        {
            return ClaimDecision.InProgress;
        }

        return document.ScanAttempts >= maxClaims ? ClaimDecision.GiveUp : ClaimDecision.Scan;
    }

    /// <summary>
    /// Takes the lease. The document shows SCANNING, unless it shows an earlier CLEAN verdict: a rescan
    /// leaves a clean document readable until the new verdict.
    /// </summary>
    public static void Claim(DocumentRecord document, string scanner, DateTime now, TimeSpan lease)
    {
        document.ScanAttempts++;
        document.LeaseExpireTime = now + lease;
        document.Scanner = scanner;
        if (document.ScanState != ScanState.Clean)
        {
            document.ScanState = ScanState.Scanning;
        }
    }

    public static string GiveUpDetail(int claims) => $"claimed {claims} times without a verdict";
}
