using System.IO.Compression;
using System.Text;

namespace Ideation.Testing;

/// <summary>
/// Files that tests upload and scan: clean documents, the EICAR test file in various wrappers, and
/// archives that a scanner cannot examine completely. All are generated, never stored in the repo.
/// </summary>
public static class TestFiles
{
    /// <summary>
    /// The EICAR anti-virus test file. Assembled at run time so that the source and the built
    /// assembly do not themselves trip a scanner on a developer's machine.
    /// </summary>
    public static byte[] Eicar() =>
        Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-" + "TEST-FILE!$H+H*");

    /// <summary>A small, valid one-page PDF showing <paramref name="text"/>.</summary>
    public static byte[] Pdf(string text)
    {
        var content = $"BT /F1 18 Tf 72 720 Td ({text.Replace("(", "\\(").Replace(")", "\\)")}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A zip archive of the given entries, compressed.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The archive with the "encrypted" flag (general purpose bit 0) set in every local and central
    /// header: what a scanner sees of a password-protected zip, which it cannot look into.
    /// </summary>
    public static byte[] MarkEncrypted(byte[] zip)
    {
        var marked = (byte[])zip.Clone();
        for (var i = 0; i + 8 < marked.Length; i++)
        {
            var signature = BitConverter.ToUInt32(marked, i);
            if (signature == 0x04034b50)
            {
                marked[i + 6] |= 1;
            }
            else if (signature == 0x02014b50)
            {
                marked[i + 8] |= 1;
            }
        }

        return marked;
    }

    /// <summary>A zip holding one member of <paramref name="megabytes"/> MiB of zeros: tiny compressed, large unpacked.</summary>
    public static byte[] ZipWithLargeMember(int megabytes) => Zip(("zeros.bin", new byte[megabytes * 1024 * 1024]));

    /// <summary>Deterministic bytes that no signature matches and no detector calls text.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
