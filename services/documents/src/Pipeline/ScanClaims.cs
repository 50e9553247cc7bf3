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

    /// <summary>Claimed as often as allowed without a verdict, or deferred as often as allowed: record FAILED.</summary>
    GiveUp,

    /// <summary>Claim it.</summary>
    Scan,
}

/// <summary>The claim rules of a scan generation, apart from the database so that they read (and test) on their own.</summary>
internal static class ScanClaims
{
    public static ClaimDecision Decide(DocumentRecord? document, long generation, string scanner, DateTime now, int maxClaims, int maxDeferrals)
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

        // A claim given back because storage or clamd was out of reach says nothing about the document;
        // every other claim without a verdict does (the scanner failed on it, or died, or never reported).
        // Deferrals have their own, larger, limit: a document that takes clamd down at every scan would
        // otherwise be deferred forever.
        return CountedClaims(document) >= maxClaims || document.ScanDeferrals >= maxDeferrals ? ClaimDecision.GiveUp : ClaimDecision.Scan;
    }

    /// <summary>Claims held against the document: all of them but those given back for an outage.</summary>
    public static int CountedClaims(DocumentRecord document) => document.ScanAttempts - document.ScanDeferrals;

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

    /// <summary>
    /// True when <paramref name="attempt"/> is the latest claim of the generation owed a verdict and
    /// <paramref name="scanner"/> still holds it: only then may it be given back. A claim given back
    /// already has no holder, so a repeated deferral changes nothing.
    /// </summary>
    public static bool CanDefer(DocumentRecord? document, long generation, string scanner, int attempt) =>
        document is not null
        && Verdicts.IsOwed(document, generation)
        && document.Scanner == scanner
        && document.LeaseExpireTime is not null
        && document.ScanAttempts == attempt;

    /// <summary>
    /// Gives the claim back: the lease ends, the document shows PENDING again (or its earlier CLEAN),
    /// and the scan counts as queued now, so the reconciler leaves it to the job the scanner still
    /// holds for <see cref="ScanOptions.RequeueAfter"/> instead of queueing it a second time at once.
    /// </summary>
    public static void Defer(DocumentRecord document, DateTime now)
    {
        document.ScanDeferrals++;
        document.LeaseExpireTime = null;
        document.Scanner = null;
        document.EnqueueTime = now;
        if (document.ScanState == ScanState.Scanning)
        {
            document.ScanState = ScanState.Pending;
        }
    }

    public static string GiveUpDetail(DocumentRecord document, int maxDeferrals) =>
        document.ScanDeferrals >= maxDeferrals
            ? $"deferred {document.ScanDeferrals} times because storage or clamd was out of reach"
            : $"claimed {CountedClaims(document)} times without a verdict";
}
