namespace Ideation.Backup.Storage;

/// <summary>One object of a listing: enough to tell whether two objects hold the same bytes.</summary>
public sealed record StoredObject(string Key, long Size, string ETag);
