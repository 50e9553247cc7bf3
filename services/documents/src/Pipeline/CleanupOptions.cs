namespace Ideation.Documents.Pipeline;

/// <summary>How often due object deletions and quarantine retention run. Section <c>Documents:Cleanup</c>.</summary>
public sealed class CleanupOptions
{
    public const string Section = "Documents:Cleanup";

    /// <summary>Pause between sweeps. Cleanups are never urgent: bytes no document refers to cannot be read.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
