namespace Ideation.Backup.Storage;

/// <summary>What one bucket copy did; updated from parallel copies.</summary>
public sealed class BucketCopyResult
{
    private long _copied;
    private long _skipped;
    private long _failed;
    private long _bytes;

    public long CopiedCount => Interlocked.Read(ref _copied);

    public long SkippedCount => Interlocked.Read(ref _skipped);

    public long FailedCount => Interlocked.Read(ref _failed);

    public long CopiedBytes => Interlocked.Read(ref _bytes);

    internal void Copied(long bytes)
    {
        Interlocked.Increment(ref _copied);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void Skipped() => Interlocked.Increment(ref _skipped);

    internal void Failed() => Interlocked.Increment(ref _failed);
}
