using Ideation.Storage;

namespace Ideation.Documents.Configuration;

/// <summary>Where document bytes live: an S3-compatible object store. Section <c>Documents:Storage</c>.</summary>
public sealed class StorageOptions : S3ConnectionOptions
{
    public const string Section = "Documents:Storage";

    /// <summary>The longest a presigned download URL may live: long enough to start a download, short enough that a leaked link soon dies.</summary>
    public static readonly TimeSpan MaximumPresignedUrlLifetime = TimeSpan.FromMinutes(5);

    /// <summary>S3 refuses multipart parts under 5 MiB (except the last).</summary>
    public const int MinimumPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>Uploaded documents, private.</summary>
    public string Bucket { get; set; } = "ideation-documents";

    /// <summary>Infected documents, out of reach of download URLs until released or purged.</summary>
    public string QuarantineBucket { get; set; } = "ideation-quarantine";

    /// <summary>
    /// Creates missing buckets at startup: for development and tests only. Production buckets are
    /// provisioned with their policies, and the service must not need CreateBucket rights.
    /// </summary>
    public bool CreateBuckets { get; set; }

    public TimeSpan PresignedUrlLifetime { get; set; } = MaximumPresignedUrlLifetime;

    /// <summary>Size of each multipart part, and so of the one buffer each upload holds.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;
}
