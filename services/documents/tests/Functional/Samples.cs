using System.IO.Compression;
using System.Text;

namespace Ideation.Documents.Tests.Functional;

/// <summary>Files of each kind the service recognises, built from their real signatures.</summary>
public static class Samples
{
    public static byte[] Pdf(int length = 4096) => WithPrefix("%PDF-1.7\n"u8, length);

    public static byte[] Png(int length = 2048) => WithPrefix([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], length);

    /// <summary>A Windows executable: MZ header, not an accepted type.</summary>
    public static byte[] Executable(int length = 2048) => WithPrefix("MZ\x90\0\x03\0\0\0\x04\0\0\0"u8, length);

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A minimal Word document: a ZIP whose parts live under word/.</summary>
    public static byte[] Docx()
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create))
        {
            foreach (var entry in new[] { "[Content_Types].xml", "_rels/.rels", "word/document.xml" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<?xml version=\"1.0\"?><x/>");
            }
        }

        return bytes.ToArray();
    }

    private static byte[] WithPrefix(ReadOnlySpan<byte> prefix, int length)
    {
        var content = new byte[length];
        Random.Shared.NextBytes(content);
        prefix.CopyTo(content);
        return content;
    }
}
