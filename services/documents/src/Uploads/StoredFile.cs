namespace Ideation.Documents.Uploads;

/// <summary>What an upload stored: its size, SHA-256 (lowercase hex) and detected content type.</summary>
internal sealed record StoredFile(long SizeBytes, string Sha256, string ContentType);
