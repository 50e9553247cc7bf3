namespace Ideation.Documents.Persistence;

/// <summary>
/// One row of <c>object_cleanups</c>: "delete this object once due". Committed before an object
/// might be left behind (before an upload streams, when a document is deleted), so that no failure
/// can orphan bytes; the pipeline's sweeper executes due rows.
/// </summary>
public sealed class ObjectCleanupRecord
{
    public long Id { get; set; }
    public string Bucket { get; set; } = "";
    public string ObjectKey { get; set; } = "";
    public DateTime DueTime { get; set; }
}
