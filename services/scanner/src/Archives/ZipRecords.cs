using System.Buffers.Binary;

namespace Ideation.Scanner.Archives;

/// <summary>The zip records the check looks for, by the two bytes after "PK".</summary>
internal enum ZipRecordKind
{
    None,
    LocalHeader,
    CentralHeader,
    Zip64EndOfCentralDirectory,
    Zip64Locator,
}

/// <summary>What one candidate record turned out to be.</summary>
/// <param name="Complete">False: the record may go on past the bytes given; ask again with more.</param>
/// <param name="Valid">A plausible record of its kind (false: chance bytes that happen to start with its signature).</param>
/// <param name="UsesZip64">The record says ZIP64: ZIP64 sizes, offsets or records.</param>
/// <param name="Method">For a local header: the compression method.</param>
/// <param name="Encrypted">For a local header: the encryption flag.</param>
/// <param name="Length">For a local header: its length, name and extra field included (its data follows).</param>
internal readonly record struct ZipRecord(bool Complete, bool Valid, bool UsesZip64, int Method, bool Encrypted, int Length)
{
    public static readonly ZipRecord NeedMore = new(false, false, false, 0, false, 0);
    public static readonly ZipRecord Invalid = new(true, false, false, 0, false, 0);
}

/// <summary>
/// Reads zip records (PKWARE APPNOTE 6.3) from where their signature starts. Every field is checked
/// for plausibility, so that a signature that turns up by chance inside compressed data is not taken
/// for a record: a false ZIP64 finding would refuse a harmless upload.
/// </summary>
internal static class ZipRecords
{
    public const int SignatureLength = 4;

    /// <summary>The most bytes a record needs: a header's fixed part, a 64 KiB name and a 64 KiB extra field.</summary>
    public const int MaxRecordLength = 46 + ushort.MaxValue + ushort.MaxValue;

    private const uint Saturated = uint.MaxValue;
    private const ushort Zip64ExtraId = 0x0001;

    public const int Stored = 0;
    public const int Deflated = 8;

    public static ZipRecordKind KindOf(ReadOnlySpan<byte> signature) => (signature[2], signature[3]) switch
    {
        (3, 4) => ZipRecordKind.LocalHeader,
        (1, 2) => ZipRecordKind.CentralHeader,
        (6, 6) => ZipRecordKind.Zip64EndOfCentralDirectory,
        (6, 7) => ZipRecordKind.Zip64Locator,
        _ => ZipRecordKind.None,
    };

    /// <summary>Reads the record of <paramref name="kind"/> at the start of <paramref name="bytes"/>.</summary>
    public static ZipRecord Read(ZipRecordKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        ZipRecordKind.LocalHeader => LocalHeader(bytes),
        ZipRecordKind.CentralHeader => CentralHeader(bytes),
        ZipRecordKind.Zip64EndOfCentralDirectory => Zip64End(bytes),
        ZipRecordKind.Zip64Locator => Zip64Locator(bytes),
        _ => ZipRecord.Invalid,
    };

    private static ZipRecord LocalHeader(ReadOnlySpan<byte> bytes)
    {
        const int fixedLength = 30;
        if (bytes.Length < fixedLength)
        {
            return ZipRecord.NeedMore;
        }

        if (!PlausibleVersion(U16(bytes, 4)))
        {
            return ZipRecord.Invalid;
        }

        var flags = U16(bytes, 6);
        var method = U16(bytes, 8);
        var length = fixedLength + U16(bytes, 26) + U16(bytes, 28);
        if (bytes.Length < length)
        {
            return ZipRecord.NeedMore;
        }

        var extra = bytes.Slice(fixedLength + U16(bytes, 26), U16(bytes, 28));
        var zip64 = U32(bytes, 18) == Saturated || U32(bytes, 22) == Saturated || HasExtraBlock(extra, Zip64ExtraId);
        return new ZipRecord(true, true, zip64, method, (flags & 1) != 0, length);
    }

    private static ZipRecord CentralHeader(ReadOnlySpan<byte> bytes)
    {
        const int fixedLength = 46;
        if (bytes.Length < fixedLength)
        {
            return ZipRecord.NeedMore;
        }

        if (!PlausibleVersion(U16(bytes, 6)))
        {
            return ZipRecord.Invalid;
        }

        var nameLength = U16(bytes, 28);
        var extraLength = U16(bytes, 30);
        if (bytes.Length < fixedLength + nameLength + extraLength)
        {
            return ZipRecord.NeedMore;
        }

        var extra = bytes.Slice(fixedLength + nameLength, extraLength);
        var zip64 = U32(bytes, 20) == Saturated || U32(bytes, 24) == Saturated || U32(bytes, 42) == Saturated
            || U16(bytes, 34) == ushort.MaxValue || HasExtraBlock(extra, Zip64ExtraId);
        return new ZipRecord(true, true, zip64, U16(bytes, 10), (U16(bytes, 8) & 1) != 0, 0);
    }

    /// <summary>The ZIP64 end of central directory record: only ZIP64 archives have one.</summary>
    private static ZipRecord Zip64End(ReadOnlySpan<byte> bytes)
    {
        const int fixedLength = 56;
        if (bytes.Length < fixedLength)
        {
            return ZipRecord.NeedMore;
        }

        var recordSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes[4..]);
        var entriesOnDisk = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        var entries = BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]);
        var valid = recordSize is >= 44 and < 1 << 20 && PlausibleVersion(U16(bytes, 14)) && entriesOnDisk <= entries;
        return valid ? new ZipRecord(true, true, true, 0, false, 0) : ZipRecord.Invalid;
    }

    /// <summary>
    /// The ZIP64 end of central directory locator. Readers look for it right before the end of central
    /// directory record, so it counts only there (and chance bytes almost never are).
    /// </summary>
    private static ZipRecord Zip64Locator(ReadOnlySpan<byte> bytes)
    {
        const int fixedLength = 20;
        if (bytes.Length < fixedLength + SignatureLength)
        {
            return ZipRecord.NeedMore;
        }

        var valid = U32(bytes, 16) <= ushort.MaxValue && bytes.Slice(fixedLength, SignatureLength).SequenceEqual("PK\x05\x06"u8);
        return valid ? new ZipRecord(true, true, true, 0, false, 0) : ZipRecord.Invalid;
    }

    /// <summary>
    /// "Version needed to extract": a specification version (at most 6.3) in the low byte, a host
    /// system number in the high one.
    /// </summary>
    private static bool PlausibleVersion(ushort version) => (version & 0xFF) <= 63 && version >> 8 <= 19;

    /// <summary>Whether the extra field holds a block with <paramref name="id"/> that fits in it.</summary>
    private static bool HasExtraBlock(ReadOnlySpan<byte> extra, ushort id)
    {
        var at = 0;
        while (at + 4 <= extra.Length)
        {
            var size = U16(extra, at + 2);
            if (at + 4 + size > extra.Length)
            {
                return false;
            }

            if (U16(extra, at) == id)
            {
                return true;
            }

            at += 4 + size;
        }

        return false;
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
}
