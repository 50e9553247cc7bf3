using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Ideation.Scanner.Archives;

/// <summary>
/// One deflated zip member (or zlib-compressed PDF stream), inflated as its bytes stream past, into
/// an inspection of its own one level deeper: a zip inside it is checked like the outer one. The
/// deflate stream says where it ends, so neither the header's sizes (which may lie, or be zero with a
/// data descriptor) nor a seek is needed. Memory: the inflater's 32 KiB window and two small buffers.
/// </summary>
internal sealed class DeflatedMember
{
    private const int BufferSize = 16 * 1024;

    private readonly Inflater _inflater;
    private readonly byte[] _input = new byte[BufferSize];
    private readonly byte[] _output = new byte[BufferSize];
    private readonly ZipStructureInspector _content;
    private readonly InspectionContext _context;
    private long _next;

    /// <param name="dataStart">Where the member's data starts, as an offset in the stream that holds it.</param>
    /// <param name="zlib">The data has zlib's header and checksum around the deflate stream (PDF's FlateDecode); zip members have neither.</param>
    public DeflatedMember(long dataStart, bool zlib, ZipStructureInspector content, InspectionContext context)
    {
        _inflater = new Inflater(noHeader: !zlib);
        _next = dataStart;
        _content = content;
        _context = context;
    }

    /// <summary>The deflate stream ended, or turned out not to be one.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// Takes the holding stream's bytes from offset <paramref name="at"/> on; those before the
    /// member's data are skipped. Chunks must follow one another without gaps.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> bytes, long at)
    {
        var skip = _next - at;
        if (Ended || skip >= bytes.Length)
        {
            return;
        }

        var data = bytes[(int)Math.Max(0, skip)..];
        _next += data.Length;
        try
        {
            while (!data.IsEmpty && !Ended && !_context.Done)
            {
                var piece = Math.Min(data.Length, _input.Length);
                data[..piece].CopyTo(_input);
                data = data[piece..];
                _inflater.SetInput(_input, 0, piece);
                Inflate();
            }
        }
        catch (SharpZipBaseException)
        {
            // Not a deflate stream after all (chance bytes that looked like a header) or a broken one:
            // nothing in it can be unpacked, by clamd or by anyone.
            Ended = true;
        }
    }

    private void Inflate()
    {
        while (!_context.Done)
        {
            var produced = _inflater.Inflate(_output, 0, _output.Length);
            if (produced > 0)
            {
                if (!_context.SpendInflated(produced))
                {
                    return;
                }

                _content.Write(_output.AsSpan(0, produced));
            }

            if (_inflater.IsFinished || _inflater.IsNeedingDictionary)
            {
                Ended = true;
                return;
            }

            if (produced == 0)
            {
                // Only more input lets it go on.
                return;
            }
        }
    }
}
