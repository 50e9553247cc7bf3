namespace Ideation.Documents.Pipeline;

/// <summary>How scans are queued, claimed and recovered. Section <c>Documents:Scan</c>.</summary>
public sealed class ScanOptions
{
    public const string Section = "Documents:Scan";

    /// <summary>The Redis stream scan jobs go to; the scanners' consumer group reads it.</summary>
    public string Stream { get; set; } = "ideation:scan-jobs";

    /// <summary>
    /// About how many entries the stream keeps (XADD MAXLEN ~). Scanners acknowledge entries but
    /// nothing deletes them, so without a cap the stream only grows. Far above any real backlog; a
    /// job trimmed before a scanner read it is queued again by the reconciler.
    /// </summary>
    public long StreamMaxLength { get; set; } = 100_000;

    /// <summary>
    /// Claims of one scan generation without a verdict before it is recorded as FAILED. A claim the
    /// scanner gave back because storage or clamd was out of reach (DeferScan) does not count.
    /// </summary>
    public int MaxClaims { get; set; } = 5;

    /// <summary>
    /// Claims of one scan generation given back because storage or clamd was out of reach before it is
    /// recorded as FAILED. Scanners stop claiming while they cannot reach storage or clamd, so an outage,
    /// however long, costs a scan about one deferral (a few, if the dependency flaps); this bounds a
    /// document that brings its dependency down every time it is scanned.
    /// </summary>
    public int MaxDeferrals { get; set; } = 20;

    /// <summary>
    /// How long a claim keeps other scanners off a scan. Longer than the longest scan (a file at the
    /// upload limit through a busy clamd), or a slow scan would be claimed twice.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Pause of the outbox relay after it found fewer rows than a full batch. Uploads and rescans of
    /// this replica wake the relay at once (<see cref="RelayOnCommit"/>); the poll is for rows written
    /// elsewhere (another replica, the reconciler).
    /// </summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Whether an upload or rescan, once committed, has the relay publish its job at once rather than
    /// at the next poll. Off only where passes are run by hand (tests), which must not race a pass
    /// the service started itself.
    /// </summary>
    public bool RelayOnCommit { get; set; } = true;

    /// <summary>Pause between the reconciler's passes over scans still owed a verdict.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An unclaimed scan queued longer ago than this is queued again: its job was lost (Redis forgot
    /// it) or no scanner took it. Long enough for a healthy queue to reach it.
    /// </summary>
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(15);
}
