using System.Buffers.Binary;
using System.Text;
using Ideation.Documents.Domain;

namespace Ideation.Documents.Detection;

/// <summary>
/// Tells what a file is from its first bytes (magic numbers), never from its name or declared type:
/// PDF, PNG, JPEG, GIF, WebP, ZIP (and the OOXML formats inside a ZIP, by their entry names), legacy
/// OLE Office (by its directory's stream names), and plain text or CSV (valid UTF-8, no control
/// characters: the caller confirms that over the whole stream with <see cref="TextValidator"/>).
/// </summary>
internal static class ContentDetector
{
    /// <summary>Enough for every signature below; fewer bytes only decide a file that is that short.</summary>
    public const int SignatureLength = 12;

    private static readonly byte[] ZipLocalHeader = "PK\x03\x04"u8.ToArray();
    private static readonly byte[] ZipEmptyArchive = "PK\x05\x06"u8.ToArray();
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] WordStream = Encoding.Unicode.GetBytes("WordDocument");
    private static readonly byte[] ExcelStream = Encoding.Unicode.GetBytes("Workbook");
    private static readonly byte[] Excel95Stream = Encoding.Unicode.GetBytes("Book\0");
    private static readonly byte[] PowerPointStream = Encoding.Unicode.GetBytes("PowerPoint Document");

    /// <summary>
    /// The type of a file starting with <paramref name="head"/>, or null when more bytes are needed.
    /// <paramref name="headIsFinal"/> says no more bytes will be offered (the file ended, or the head
    /// reached the largest size the caller looks at): then the answer is never null.
    /// <paramref name="looksText"/> is the text check of the bytes seen so far.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> head, bool headIsFinal, bool looksText, bool csv)
    {
        if (head.Length < SignatureLength && !headIsFinal)
        {
            return null;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return ContentTypes.Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ContentTypes.Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ContentTypes.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ContentTypes.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ContentTypes.WebP;
        }

        if (head.StartsWith(ZipLocalHeader) || head.StartsWith(ZipEmptyArchive))
        {
            return OfficeOpenXml(head) ?? (headIsFinal ? ContentTypes.Zip : null);
        }

        if (head.StartsWith(OleSignature))
        {
            return LegacyOffice(head) ?? (headIsFinal ? ContentTypes.OleStorage : null);
        }

        if (!looksText)
        {
            return ContentTypes.Unknown;
        }

        return !headIsFinal ? null : csv ? ContentTypes.Csv : ContentTypes.PlainText;
    }

    /// <summary>
    /// Word, Excel and PowerPoint files are ZIPs whose parts live under word/, xl/ and ppt/. The local
    /// file headers in the head are enough: Office writes its content types and parts first.
    /// </summary>
    private static string? OfficeOpenXml(ReadOnlySpan<byte> head)
    {
        var offset = 0;
        while (offset + 30 <= head.Length)
        {
            var found = head[offset..].IndexOf(ZipLocalHeader);
            if (found < 0)
            {
                return null;
            }

            var header = offset + found;
            if (header + 30 > head.Length)
            {
                return null;
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(header + 26)..]);
            var nameStart = header + 30;
            if (nameStart + nameLength > head.Length)
            {
                return null;
            }

            var name = head.Slice(nameStart, nameLength);
            if (name.StartsWith("word/"u8))
            {
                return ContentTypes.Docx;
            }

            if (name.StartsWith("xl/"u8))
            {
                return ContentTypes.Xlsx;
            }

            if (name.StartsWith("ppt/"u8))
            {
                return ContentTypes.Pptx;
            }

            offset = nameStart + nameLength;
        }

        return null;
    }

    /// <summary>
    /// The main stream of each legacy Office format has a fixed name in the compound file's directory
    /// (UTF-16LE). Found within the head, it decides; a directory beyond the head is not looked for.
    /// </summary>
    private static string? LegacyOffice(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf(WordStream) >= 0)
        {
            return ContentTypes.Doc;
        }

        if (head.IndexOf(ExcelStream) >= 0 || head.IndexOf(Excel95Stream) >= 0)
        {
            return ContentTypes.Xls;
        }

        return head.IndexOf(PowerPointStream) >= 0 ? ContentTypes.Ppt : null;
    }
}
