namespace Ideation.Documents.Storage;

/// <summary>
/// The object store could not be reached or refused an operation. One exception type for every SDK
/// and network failure, so that callers map storage trouble to UNAVAILABLE in one place.
/// </summary>
public sealed class ObjectStorageException(string operation, string bucket, string key, Exception inner)
    : Exception($"Object storage failed to {operation} {bucket}/{key}: {inner.Message}", inner)
{
    public string Operation { get; } = operation;
}
