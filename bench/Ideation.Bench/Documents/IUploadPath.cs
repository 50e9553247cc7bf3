namespace Ideation.Bench.Documents;

/// <summary>One way of getting a file's bytes stored: through the gateway, or straight to S3 (the baseline).</summary>
public interface IUploadPath
{
    /// <summary>How tables name it.</summary>
    string Name { get; }

    /// <summary>True for paths through the platform: their uploads are scanned and count against an idea's documents.</summary>
    bool CreatesDocuments { get; }

    /// <summary>Stores <paramref name="content"/> and returns what names it: the document, or the object key.</summary>
    Task<string> UploadAsync(string idea, byte[] content);

    /// <summary>
    /// Brings the stack back to rest after an upload, outside the timed part: waits for the scan the
    /// upload started (so that it does not run during the next measurement) and deletes what was stored.
    /// </summary>
    Task SettleAsync(IReadOnlyCollection<string> stored);
}
