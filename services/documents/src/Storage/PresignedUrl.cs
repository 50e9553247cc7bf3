namespace Ideation.Documents.Storage;

/// <summary>A time-limited URL for a direct GET of one object.</summary>
public sealed record PresignedUrl(string Url, DateTimeOffset ExpireTime);
