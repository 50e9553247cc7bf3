using Ideation.Documents.Domain;

namespace Ideation.Documents.Persistence;

/// <summary>One row of <c>documents</c>: a stored file, where its bytes are, and where its scan stands.</summary>
public sealed class DocumentRecord
{
    public Guid Id { get; set; }
    public Guid IdeaId { get; set; }

    /// <summary>Cleaned for display; never part of the object key.</summary>
    public string Filename { get; set; } = "";

    /// <summary>What the uploader said the file is: kept for the record, never trusted.</summary>
    public string DeclaredContentType { get; set; } = "";

    /// <summary>What the bytes are, as detected; downloads are served as this.</summary>
    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>Lowercase hex.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The bucket holding the bytes now: the documents bucket, or the quarantine bucket while INFECTED.</summary>
    public string Bucket { get; set; } = "";

    public string ObjectKey { get; set; } = "";

    public ScanState ScanState { get; set; }

    /// <summary>For INFECTED the signature; for UNSCANNABLE and FAILED why.</summary>
    public string? ThreatName { get; set; }

    public DateTime? ScanTime { get; set; }
    public string? EngineVersion { get; set; }
    public string? SignatureVersion { get; set; }

    public string Uploader { get; set; } = "";
    public DateTime CreateTime { get; set; }

    /// <summary>The uploader's idempotency key; unique per idea and uploader.</summary>
    public string? RequestId { get; set; }

    /// <summary>The scan requested: 1 at upload, raised by each rescan.</summary>
    public long ScanGeneration { get; set; }

    /// <summary>The generation whose verdict the scan fields hold; 0 while none is recorded.</summary>
    public long VerdictGeneration { get; set; }

    /// <summary>Claims of the current generation, to give up on a scan that keeps failing.</summary>
    public int ScanAttempts { get; set; }

    /// <summary>
    /// Claims of the current generation the scanner gave back because storage or clamd was out of
    /// reach (DeferScan): not held against the document, but bounded on their own.
    /// </summary>
    public int ScanDeferrals { get; set; }

    /// <summary>When the current claim's lease ends; another scanner may claim after it.</summary>
    public DateTime? LeaseExpireTime { get; set; }

    /// <summary>Who holds the lease.</summary>
    public string? Scanner { get; set; }

    /// <summary>When the current generation was last queued, for the reconciler to re-queue lost jobs.</summary>
    public DateTime EnqueueTime { get; set; }

    /// <summary>
    /// When the current generation was asked for (the upload, or the rescan). Re-queueing leaves it
    /// as it is, unlike <see cref="EnqueueTime"/>, so the wait of a scan that keeps stalling keeps growing.
    /// </summary>
    public DateTime ScanRequestTime { get; set; }

    /// <summary>When quarantined bytes become due for deletion.</summary>
    public DateTime? QuarantineExpireTime { get; set; }

    /// <summary>When the quarantined bytes were deleted after retention; the row stays as a record.</summary>
    public DateTime? ObjectPurgeTime { get; set; }

    public string? ReleasedBy { get; set; }
    public string? ReleaseReason { get; set; }
    public DateTime? ReleaseTime { get; set; }

    /// <summary>True while a rescan is waiting or running and an earlier verdict is still shown.</summary>
    public bool RescanPending => ScanGeneration > VerdictGeneration && VerdictGeneration > 0;
}
