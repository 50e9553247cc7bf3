using Ideation.Scanner.Clamd;

namespace Ideation.Scanner.Archives;

/// <summary>
/// The archive structure check of one scanned object, fed the same bytes that go to clamd as they go
/// (see <see cref="ArchiveInspectingStream"/>): clamd's OK is taken only for content the check found
/// nothing against. ClamAV 1.4 answers OK for a zip member with ZIP64 sizes without unpacking it, so
/// such an archive, at any depth, would otherwise be CLEAN whatever it holds.
/// </summary>
public sealed class ArchiveInspection
{
    private readonly InspectionContext _context;
    private readonly ZipStructureInspector _root;

    public ArchiveInspection(ArchiveLimits? limits = null)
    {
        _context = new InspectionContext(limits ?? ArchiveLimits.Default);
        _root = new ZipStructureInspector(_context, depth: 0);
    }

    /// <summary>Why the content cannot be vouched for; null while nothing was found.</summary>
    public ArchiveFinding? Finding => _context.Finding;

    /// <summary>Takes the next bytes of the content. Never throws: a failure of the check is itself a finding.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _root.Write(bytes);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _context.Report(ArchiveFinding.Unreadable(exception));
        }
    }

    /// <summary>
    /// clamd's verdict, unless clamd said clean of content the check found something against: then
    /// Unscannable, with the finding as the reason. Infected and Unscannable stand as clamd said.
    /// </summary>
    public ScanVerdict Judge(ScanVerdict clamd) =>
        clamd.Outcome == ScanOutcome.Clean && Finding is { } finding
            ? new ScanVerdict(ScanOutcome.Unscannable, finding.Detail)
            : clamd;
}
