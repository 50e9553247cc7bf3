namespace Ideation.Backup.Storage;

/// <summary>
/// ETags as this tool compares and records them. Servers quote them; a copy made by another server,
/// or of a multipart upload, may get a different ETag for the same bytes, so each copy records the
/// ETag of the object it was made from (<see cref="CopiedFromMetadata"/>).
/// </summary>
public static class ETags
{
    /// <summary>User metadata on every copy this tool writes: the ETag of its original.</summary>
    public const string CopiedFromMetadata = "x-amz-meta-ideation-copied-from-etag";

    public static string Normalize(string? etag) => (etag ?? "").Trim('"');
}
