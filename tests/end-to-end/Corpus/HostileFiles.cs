using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Ideation.Testing;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// Uploads built to defeat a scanner: archive bombs, archives nested past any sane depth, and the
/// EICAR test file where a naive scanner would not look. All generated here, in memory and quickly.
/// </summary>
public static class HostileFiles
{
    private const int MiB = 1024 * 1024;

    /// <summary>
    /// A zip holding a zip holding one member of <paramref name="size"/> bytes of zeros (a whole number
    /// of MiB; ZIP64 sizes from 4 GiB on, or when <paramref name="zip64"/> asks for them):
    /// some tens of kilobytes uploaded. The inner member's deflate stream is made of one compressed MiB
    /// of zeros repeated (DEFLATE blocks end on a byte boundary after a sync flush, and every MiB after
    /// the first compresses to the same bytes), so nothing ever holds or compresses the gigabytes.
    /// </summary>
    public static byte[] NestedZipBomb(long size, bool zip64 = false)
    {
        var (first, firstMiB, repeated, end) = ZeroBlocks();
        using var deflated = new MemoryStream();
        deflated.Write(first);
        for (long i = firstMiB; i < size / MiB; i++)
        {
            deflated.Write(repeated);
        }

        deflated.Write(end);
        var inner = SingleMemberZip("zeros.bin", deflated.ToArray(), size, Crc32.OfZeros(size), zip64 || size >= uint.MaxValue);
        return TestFiles.Zip(("inner.zip", inner));
    }

    /// <summary>A zip inside a zip, <paramref name="depth"/> archives deep, around <paramref name="innermost"/>.</summary>
    public static byte[] NestedZips(int depth, string name, byte[] innermost)
    {
        var content = TestFiles.Zip((name, innermost));
        for (var level = 1; level < depth; level++)
        {
            content = TestFiles.Zip(($"level-{depth - level}.zip", content));
        }

        return content;
    }

    /// <summary>A valid PDF whose only page's content stream is FlateDecode-compressed and holds EICAR.</summary>
    public static byte[] PdfWithEicarInCompressedStream()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 720 Td (see the attachment) Tj ET\n% "));
            zlib.Write(TestFiles.Eicar());
            zlib.Write("\n"u8);
        }

        var stream = compressed.ToArray();
        var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Text(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Text("%PDF-1.4\n");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        ];
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            Text($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        offsets.Add(pdf.Position);
        Text($"4 0 obj\n<< /Length {stream.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.Write(stream);
        Text("\nendstream\nendobj\n");
        var xref = pdf.Position;
        Text($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Text($"{offset:D10} 00000 n \n");
        }

        Text($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>Plain text: <paramref name="paddingBytes"/> of ordinary lines, then the EICAR test file on the last line.</summary>
    public static byte[] TextWithEicarAfter(int paddingBytes)
    {
        var line = "Minutes of the weekly meeting, nothing to see here.\n"u8;
        var content = new byte[paddingBytes + TestFiles.Eicar().Length + 1];
        for (var at = 0; at < paddingBytes; at += line.Length)
        {
            line[..Math.Min(line.Length, paddingBytes - at)].CopyTo(content.AsSpan(at));
        }

        content[paddingBytes - 1] = (byte)'\n';
        TestFiles.Eicar().CopyTo(content, paddingBytes);
        content[^1] = (byte)'\n';
        return content;
    }

    /// <summary>The start of a Windows executable (an MZ header and a PE signature): not a document.</summary>
    public static byte[] Executable()
    {
        var exe = new byte[512];
        "MZ"u8.CopyTo(exe);
        BinaryPrimitives.WriteInt32LittleEndian(exe.AsSpan(0x3C), 0x80);
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        "This program cannot be run in DOS mode."u8.CopyTo(exe.AsSpan(0x40));
        return exe;
    }

    /// <summary>
    /// Raw DEFLATE of zeros: the bytes of the first MiBs (and how many), of every following MiB
    /// (identical once the window is all zeros), and of the final empty block.
    /// </summary>
    private static (byte[] First, int FirstMiB, byte[] Repeated, byte[] End) ZeroBlocks()
    {
        var zeros = new byte[MiB];
        using var output = new MemoryStream();
        var pieces = new List<byte[]>();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < 6; i++)
            {
                var start = output.Length;
                deflate.Write(zeros);
                deflate.Flush();
                pieces.Add(output.ToArray()[(int)start..]);
            }
        }

        var end = output.ToArray()[(int)pieces.Sum(p => (long)p.Length)..];
        // The first piece or two differ (the window fills); from then on they repeat.
        var repeatAt = Enumerable.Range(1, pieces.Count - 2).First(i => pieces[i].AsSpan().SequenceEqual(pieces[i + 1]) && pieces[i + 1].AsSpan().SequenceEqual(pieces[^1]));
        return (pieces.Take(repeatAt).SelectMany(p => p).ToArray(), repeatAt, pieces[repeatAt], end);
    }

    /// <summary>A zip of one deflated member, its sizes in the headers or (ZIP64) in extra fields.</summary>
    private static byte[] SingleMemberZip(string name, byte[] deflated, long size, uint crc, bool zip64)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        using var zip = new MemoryStream();
        using var writer = new BinaryWriter(zip);

        var extraLength = (ushort)(zip64 ? 20 : 0);
        var (sizeField, compressedField) = zip64 ? (uint.MaxValue, uint.MaxValue) : ((uint)size, (uint)deflated.Length);
        void Zip64Extra()
        {
            if (!zip64)
            {
                return;
            }

            writer.Write((ushort)0x0001);
            writer.Write((ushort)16);
            writer.Write(size);
            writer.Write((long)deflated.Length);
        }

        writer.Write(0x04034b50u); // local file header
        writer.Write((ushort)(zip64 ? 45 : 20)); // version needed
        writer.Write((ushort)0); // flags
        writer.Write((ushort)8); // deflate
        writer.Write((ushort)0); // time
        writer.Write((ushort)0x21); // date: 1980-01-01
        writer.Write(crc);
        writer.Write(compressedField);
        writer.Write(sizeField);
        writer.Write((ushort)nameBytes.Length);
        writer.Write(extraLength);
        writer.Write(nameBytes);
        Zip64Extra();
        writer.Write(deflated);

        var centralStart = zip.Position;
        writer.Write(0x02014b50u); // central directory header
        writer.Write((ushort)(zip64 ? 45 : 20)); // made by
        writer.Write((ushort)(zip64 ? 45 : 20)); // needed
        writer.Write((ushort)0);
        writer.Write((ushort)8);
        writer.Write((ushort)0);
        writer.Write((ushort)0x21);
        writer.Write(crc);
        writer.Write(compressedField);
        writer.Write(sizeField);
        writer.Write((ushort)nameBytes.Length);
        writer.Write(extraLength);
        writer.Write((ushort)0); // comment
        writer.Write((ushort)0); // disk
        writer.Write((ushort)0); // internal attributes
        writer.Write(0u); // external attributes
        writer.Write(0u); // local header offset
        writer.Write(nameBytes);
        Zip64Extra();
        var centralSize = zip.Position - centralStart;

        writer.Write(0x06054b50u); // end of central directory
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)1);
        writer.Write((ushort)1);
        writer.Write((uint)centralSize);
        writer.Write((uint)centralStart);
        writer.Write((ushort)0);
        writer.Flush();
        return zip.ToArray();
    }
}
