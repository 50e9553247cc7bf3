namespace Ideation.Documents.Persistence;

/// <summary>
/// One row of <c>scan_outbox</c>: "publish a scan job for this document and generation". Written in
/// the transaction that needs the scan, so a job is never lost between PostgreSQL and Redis; the
/// pipeline's relay publishes and deletes rows.
/// </summary>
public sealed class ScanOutboxRecord
{
    public long Id { get; set; }
    public Guid DocumentId { get; set; }
    public long Generation { get; set; }
    public DateTime CreateTime { get; set; }

    /// <summary>
    /// The W3C traceparent of the request that asked for the scan, carried to the scanner in the job
    /// so that the scan continues the upload's trace; null when no request did (the reconciler).
    /// </summary>
    public string? TraceParent { get; set; }
}
