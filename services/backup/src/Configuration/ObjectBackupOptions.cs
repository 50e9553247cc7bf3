using Ideation.Storage;

namespace Ideation.Backup.Configuration;

/// <summary>The buckets whose objects are copied into the backup bucket: section <c>Backup:Objects</c>.</summary>
public sealed class ObjectBackupOptions
{
    /// <summary>The buckets to copy, for example the documents and quarantine buckets.</summary>
    public List<string> SourceBuckets { get; set; } = [];

    /// <summary>
    /// The object store of <see cref="SourceBuckets"/> when it is not the backup bucket's (another
    /// endpoint or account). Unset: the same store, and copies happen inside it (CopyObject), without
    /// a byte passing through this process. Set: each object is streamed from one store to the other.
    /// </summary>
    public S3ConnectionOptions? SourceStorage { get; set; }

    /// <summary>Objects copied at once.</summary>
    public int Concurrency { get; set; } = 8;
}
