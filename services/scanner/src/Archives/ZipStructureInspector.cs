namespace Ideation.Scanner.Archives;

/// <summary>
/// Looks for zip structure in a stream of bytes pushed to it chunk by chunk, at any offset (clamd too
/// finds a zip appended to or embedded in another file), and reports ZIP64 wherever a zip uses it: in a
/// local or central header (saturated sizes or offsets, a ZIP64 extra field), a ZIP64 end of central
/// directory record or its locator. Deflated members are inflated as they pass, into an inspector one
/// level deeper; a stored member's bytes are part of this stream already. So nested archives are
/// checked in the same single pass, without seeking or holding the object. PDF streams compressed
/// with FlateDecode are inflated the same way: clamd unpacks them, and a zip inside one (an attached
/// file) is then unpacked by clamd like any other.
/// </summary>
/// <remarks>
/// Memory: the bytes of one record that straddles chunks (at most <see cref="ZipRecords.MaxRecordLength"/>)
/// plus one chunk, per level and open member, both bounded by <see cref="ArchiveLimits"/>. Content
/// without "PK" costs one vectorised search and one copy per chunk.
/// </remarks>
internal sealed class ZipStructureInspector
{
    private static readonly HashSet<int> KnownMethods = [1, 2, 3, 4, 5, 6, 9, 10, 12, 14, 16, 18, 19, 20, 93, 94, 95, 96, 97, 98, 99];

    private readonly InspectionContext _context;
    private readonly int _depth;
    private readonly List<DeflatedMember> _members = [];
    private byte[] _window = new byte[16 * 1024];
    private int _length;

    /// <summary>Where the search for zip signatures goes on.</summary>
    private int _scanFrom;

    /// <summary>Where the search for PDF stream keywords goes on.</summary>
    private int _streamFrom;

    /// <summary>The stream offset of <c>_window[0]</c>.</summary>
    private long _windowStart;

    public ZipStructureInspector(InspectionContext context, int depth)
    {
        _context = context;
        _depth = depth;
    }

    public void Write(ReadOnlySpan<byte> chunk)
    {
        if (_context.Done || chunk.IsEmpty)
        {
            return;
        }

        // Open members take the chunk first: members found in it are fed from the window below.
        var chunkStart = _windowStart + _length;
        foreach (var member in _members)
        {
            member.Feed(chunk, chunkStart);
        }

        _members.RemoveAll(member => member.Ended);
        Append(chunk);
        Scan();
        ScanPdfStreams();
    }

    private void Scan()
    {
        while (!_context.Done)
        {
            var found = _window.AsSpan(_scanFrom, _length - _scanFrom).IndexOf("PK"u8);
            if (found < 0)
            {
                // A last "P" may begin a signature that the next chunk completes.
                _scanFrom = Math.Max(_scanFrom, _length - 1);
                return;
            }

            var at = _scanFrom + found;
            if (_length - at < ZipRecords.SignatureLength)
            {
                _scanFrom = at;
                return;
            }

            var kind = ZipRecords.KindOf(_window.AsSpan(at, ZipRecords.SignatureLength));
            var record = kind == ZipRecordKind.None ? ZipRecord.Invalid : ZipRecords.Read(kind, _window.AsSpan(at, _length - at));
            if (!record.Complete)
            {
                _scanFrom = at;
                return;
            }

            if (record.Valid && (kind is not (ZipRecordKind.LocalHeader or ZipRecordKind.CentralHeader) || _context.CountHeader()))
            {
                Examine(kind, record, at);
            }

            // Chance bytes and real records alike: the search goes on right after the signature, so
            // that nothing a record's fields hold (a stored member's zip included) is passed over.
            _scanFrom = at + 2;
        }
    }

    private void Examine(ZipRecordKind kind, ZipRecord record, int at)
    {
        if (record.UsesZip64)
        {
            _context.Report(ArchiveFinding.Zip64(Describe(kind), _depth));
            return;
        }

        if (kind != ZipRecordKind.LocalHeader || record.Encrypted)
        {
            // Encrypted members are clamd's to report (AlertEncrypted): nobody can unpack them here.
            return;
        }

        if (record.Method == ZipRecords.Deflated)
        {
            Open(at + record.Length, zlib: false);
        }
        else if (KnownMethods.Contains(record.Method))
        {
            _context.Report(ArchiveFinding.UnsupportedMethod(record.Method, _depth));
        }
    }

    /// <summary>
    /// Finds PDF's <c>stream</c> keyword followed by an end of line and a zlib header, and inflates
    /// what follows. (<c>endstream</c> is followed by an end of line and <c>endobj</c>, never by a
    /// zlib header.)
    /// </summary>
    private void ScanPdfStreams()
    {
        const int keywordLength = 6;
        while (!_context.Done)
        {
            var found = _window.AsSpan(_streamFrom, _length - _streamFrom).IndexOf("stream"u8);
            if (found < 0)
            {
                _streamFrom = Math.Max(_streamFrom, _length - (keywordLength - 1));
                return;
            }

            var at = _streamFrom + found;
            // The keyword, CR LF or LF, and the two bytes of a zlib header.
            if (_length - at < keywordLength + 4)
            {
                _streamFrom = at;
                return;
            }

            var data = at + keywordLength + (_window[at + keywordLength] == '\r' ? 1 : 0);
            if (_window[data] == '\n' && IsZlibHeader(_window[data + 1], _window[data + 2]))
            {
                Open(data + 1, zlib: true);
            }

            _streamFrom = at + 1;
        }
    }

    /// <summary>RFC 1950: deflate with a window of at most 32 KiB, a header checksum that holds, no preset dictionary.</summary>
    private static bool IsZlibHeader(byte method, byte flags) =>
        (method & 0x0F) == 8 && method >> 4 <= 7 && ((method << 8) | flags) % 31 == 0 && (flags & 0x20) == 0;

    /// <summary>Starts inflating a member whose data starts at window index <paramref name="dataIndex"/>.</summary>
    private void Open(int dataIndex, bool zlib)
    {
        var dataStart = _windowStart + dataIndex;
        if (_depth + 1 > _context.Limits.MaxDepth)
        {
            _context.Report(ArchiveFinding.LimitExceeded($"archives nested more than {_context.Limits.MaxDepth} deep"));
            return;
        }

        // Members found earlier in the same chunk have usually ended already.
        _members.RemoveAll(member => member.Ended);
        if (_members.Count >= _context.Limits.MaxOpenMembers)
        {
            _context.Report(ArchiveFinding.LimitExceeded($"more than {_context.Limits.MaxOpenMembers} overlapping members"));
            return;
        }

        var member = new DeflatedMember(dataStart, zlib, new ZipStructureInspector(_context, _depth + 1), _context);
        if (dataIndex < _length)
        {
            member.Feed(_window.AsSpan(dataIndex, _length - dataIndex), dataStart);
        }

        if (!member.Ended)
        {
            _members.Add(member);
        }
    }

    /// <summary>Keeps the bytes not yet searched (a record may straddle chunks), then adds the chunk.</summary>
    private void Append(ReadOnlySpan<byte> chunk)
    {
        var from = Math.Min(_scanFrom, _streamFrom);
        var kept = _length - from;
        if (kept + chunk.Length > _window.Length)
        {
            var larger = new byte[Math.Max(_window.Length * 2, kept + chunk.Length)];
            _window.AsSpan(from, kept).CopyTo(larger);
            _window = larger;
        }
        else if (from > 0)
        {
            _window.AsSpan(from, kept).CopyTo(_window);
        }

        _windowStart += from;
        _length = kept;
        _scanFrom -= from;
        _streamFrom -= from;
        chunk.CopyTo(_window.AsSpan(_length));
        _length += chunk.Length;
    }

    private static string Describe(ZipRecordKind kind) => kind switch
    {
        ZipRecordKind.LocalHeader => "sizes in a local file header",
        ZipRecordKind.CentralHeader => "sizes or offset in a central directory header",
        ZipRecordKind.Zip64EndOfCentralDirectory => "end of central directory record",
        _ => "end of central directory locator",
    };
}
