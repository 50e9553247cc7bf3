namespace Ideation.Scanner.Archives;

/// <summary>
/// What every level of one object's inspection shares: the limits, what has been spent of them, and
/// the first finding, which ends the inspection (one reason is enough to refuse a clean verdict).
/// </summary>
internal sealed class InspectionContext(ArchiveLimits limits)
{
    private long _inflatedBytes;
    private int _headers;

    public ArchiveLimits Limits => limits;

    public ArchiveFinding? Finding { get; private set; }

    /// <summary>Nothing more to learn: a finding is in.</summary>
    public bool Done => Finding is not null;

    public void Report(ArchiveFinding finding) => Finding ??= finding;

    /// <summary>Counts inflated bytes; false (with a finding) once past the limit.</summary>
    public bool SpendInflated(int bytes)
    {
        _inflatedBytes += bytes;
        if (_inflatedBytes <= limits.MaxInflatedBytes)
        {
            return true;
        }

        Report(ArchiveFinding.LimitExceeded($"members unpack to more than {limits.MaxInflatedBytes} bytes"));
        return false;
    }

    /// <summary>Counts a local or central header; false (with a finding) once past the limit.</summary>
    public bool CountHeader()
    {
        if (++_headers <= limits.MaxHeaders)
        {
            return true;
        }

        Report(ArchiveFinding.LimitExceeded($"more than {limits.MaxHeaders} zip headers"));
        return false;
    }
}
