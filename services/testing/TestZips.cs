using System.IO.Compression;
using System.Text;

namespace Ideation.Testing;

/// <summary>Where an entry of a <see cref="TestZips"/> archive puts ZIP64.</summary>
public enum Zip64Sizes
{
    /// <summary>Sizes in the headers, no ZIP64 anywhere.</summary>
    None,

    /// <summary>Saturated sizes (0xFFFFFFFF) and a ZIP64 extra field in the local and the central header: what writers do for large members.</summary>
    Everywhere,

    /// <summary>An ordinary local header; the central header alone has saturated sizes and the ZIP64 extra field.</summary>
    CentralOnly,

    /// <summary>The sizes in both headers, and a ZIP64 extra field in the local header as well (writers that do not know the size up front).</summary>
    LocalExtraOnly,
}

/// <summary>Which end records a <see cref="TestZips"/> archive has.</summary>
public enum Zip64End
{
    /// <summary>The end of central directory record alone.</summary>
    None,

    /// <summary>A ZIP64 end of central directory record and its locator before the classic one.</summary>
    RecordAndLocator,

    /// <summary>The ZIP64 locator alone before the classic record.</summary>
    LocatorOnly,
}

/// <param name="Method">Overrides the compression method written in the headers (the bytes are stored or deflated all the same).</param>
public sealed record TestZipEntry(string Name, byte[] Content, bool Deflate = true, Zip64Sizes Zip64 = Zip64Sizes.None, ushort? Method = null);

/// <summary>
/// Zips written byte by byte, for what System.IO.Compression never writes for small content: ZIP64
/// sizes, extra fields and end records, other compression methods. The CRCs are right, so any
/// extractor unpacks them.
/// </summary>
public static class TestZips
{
    /// <summary>One deflated member with ZIP64 sizes and extra fields, as large-member writers produce.</summary>
    public static byte[] Zip64Member(string name, byte[] content) => Build([new TestZipEntry(name, content, Zip64: Zip64Sizes.Everywhere)]);

    public static byte[] Build(IReadOnlyList<TestZipEntry> entries, Zip64End end = Zip64End.None)
    {
        using var zip = new MemoryStream();
        using var writer = new BinaryWriter(zip);
        var written = new List<(TestZipEntry Entry, byte[] Data, uint Crc, long Offset)>();
        foreach (var entry in entries)
        {
            var data = entry.Deflate ? Deflated(entry.Content) : entry.Content;
            var crc = Crc(entry.Content);
            var offset = zip.Position;
            writer.Write(0x04034b50u);
            writer.Write((ushort)(entry.Zip64 == Zip64Sizes.None ? 20 : 45));
            writer.Write((ushort)0);
            writer.Write(MethodOf(entry));
            writer.Write((ushort)0);
            writer.Write((ushort)0x21);
            writer.Write(crc);
            var saturated = entry.Zip64 == Zip64Sizes.Everywhere;
            writer.Write(saturated ? uint.MaxValue : (uint)data.Length);
            writer.Write(saturated ? uint.MaxValue : (uint)entry.Content.Length);
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var localExtra = entry.Zip64 is Zip64Sizes.Everywhere or Zip64Sizes.LocalExtraOnly;
            writer.Write((ushort)name.Length);
            writer.Write((ushort)(localExtra ? 20 : 0));
            writer.Write(name);
            if (localExtra)
            {
                Zip64Extra(writer, entry.Content.Length, data.Length);
            }

            writer.Write(data);
            written.Add((entry, data, crc, offset));
        }

        var centralStart = zip.Position;
        foreach (var (entry, data, crc, offset) in written)
        {
            var saturated = entry.Zip64 is Zip64Sizes.Everywhere or Zip64Sizes.CentralOnly;
            var name = Encoding.UTF8.GetBytes(entry.Name);
            writer.Write(0x02014b50u);
            writer.Write((ushort)(entry.Zip64 == Zip64Sizes.None ? 20 : 45));
            writer.Write((ushort)(entry.Zip64 == Zip64Sizes.None ? 20 : 45));
            writer.Write((ushort)0);
            writer.Write(MethodOf(entry));
            writer.Write((ushort)0);
            writer.Write((ushort)0x21);
            writer.Write(crc);
            writer.Write(saturated ? uint.MaxValue : (uint)data.Length);
            writer.Write(saturated ? uint.MaxValue : (uint)entry.Content.Length);
            writer.Write((ushort)name.Length);
            writer.Write((ushort)(saturated ? 20 : 0));
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write(0u);
            writer.Write((uint)offset);
            writer.Write(name);
            if (saturated)
            {
                Zip64Extra(writer, entry.Content.Length, data.Length);
            }
        }

        var centralSize = zip.Position - centralStart;
        if (end == Zip64End.RecordAndLocator)
        {
            var recordStart = zip.Position;
            writer.Write(0x06064b50u);
            writer.Write(44UL); // the record's size after this field
            writer.Write((ushort)45);
            writer.Write((ushort)45);
            writer.Write(0u);
            writer.Write(0u);
            writer.Write((ulong)written.Count);
            writer.Write((ulong)written.Count);
            writer.Write((ulong)centralSize);
            writer.Write((ulong)centralStart);
            Locator(writer, recordStart);
        }
        else if (end == Zip64End.LocatorOnly)
        {
            Locator(writer, centralStart + centralSize);
        }

        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)written.Count);
        writer.Write((ushort)written.Count);
        writer.Write((uint)centralSize);
        writer.Write((uint)centralStart);
        writer.Write((ushort)0);
        writer.Flush();
        return zip.ToArray();
    }

    public static byte[] Deflated(byte[] content)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>zip's CRC-32.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ushort MethodOf(TestZipEntry entry) => entry.Method ?? (ushort)(entry.Deflate ? 8 : 0);

    private static void Zip64Extra(BinaryWriter writer, long size, long compressedSize)
    {
        writer.Write((ushort)0x0001);
        writer.Write((ushort)16);
        writer.Write(size);
        writer.Write(compressedSize);
    }

    private static void Locator(BinaryWriter writer, long recordStart)
    {
        writer.Write(0x07064b50u);
        writer.Write(0u);
        writer.Write((ulong)recordStart);
        writer.Write(1u);
    }
}
