namespace Ideation.Documents.Domain;

/// <summary>Where a document's scan stands. Only <see cref="Clean"/> documents can be read.</summary>
public enum ScanState
{
    /// <summary>Stored and waiting for a scanner.</summary>
    Pending,

    /// <summary>A scanner holds a lease on the current scan generation.</summary>
    Scanning,

    Clean,

    /// <summary>A signature matched; the bytes are in the quarantine bucket.</summary>
    Infected,

    /// <summary>Could not be examined completely (a limit, encryption, a timeout).</summary>
    Unscannable,

    /// <summary>Claimed too often without a verdict; an admin may rescan.</summary>
    Failed,
}
