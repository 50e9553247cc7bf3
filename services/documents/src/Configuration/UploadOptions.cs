using Ideation.Documents.Domain;

namespace Ideation.Documents.Configuration;

/// <summary>What uploads may be. Section <c>Documents:Upload</c>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Documents:Upload";

    /// <summary>Largest document accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// clamd's StreamMaxLength (and MaxFileSize, MaxScanSize), set from the same value wherever clamd
    /// is deployed. A document larger than clamd reads could never be scanned, so MaxBytes must stay below it.
    /// </summary>
    public long ScannerStreamLimitBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxDocumentsPerIdea { get; set; } = 20;

    /// <summary>Detected content types that may be stored; empty means <see cref="ContentTypes.DefaultAllowed"/>.</summary>
    public string[]? AllowedContentTypes { get; set; }

    /// <summary>
    /// How long an upload's object may exist without its document row before the cleanup sweeper
    /// deletes it: longer than the longest upload, so that it never deletes one still streaming.
    /// </summary>
    public TimeSpan CleanupGracePeriod { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlySet<string> AllowedTypes() =>
        (AllowedContentTypes is { Length: > 0 } configured ? configured : ContentTypes.DefaultAllowed)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
