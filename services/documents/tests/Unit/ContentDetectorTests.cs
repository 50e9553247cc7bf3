using System.IO.Compression;
using System.Text;
using Ideation.Documents.Detection;
using Ideation.Documents.Domain;
using Ideation.Documents.Tests.Functional;

namespace Ideation.Documents.Tests.Unit;

public sealed class ContentDetectorTests
{
    public static TheoryData<string, byte[], string> Signatures => new()
    {
        { "pdf", Samples.Pdf(100), ContentTypes.Pdf },
        { "png", Samples.Png(100), ContentTypes.Png },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1], ContentTypes.Jpeg },
        { "gif87", Encoding.ASCII.GetBytes("GIF87a\x01\0\x01\0\0\0\0"), ContentTypes.Gif },
        { "gif89", Encoding.ASCII.GetBytes("GIF89a\x01\0\x01\0\0\0\0"), ContentTypes.Gif },
        { "webp", Encoding.ASCII.GetBytes("RIFF\x24\0\0\0WEBPVP8 "), ContentTypes.WebP },
        { "docx", Samples.Docx(), ContentTypes.Docx },
        { "xlsx", Zip("[Content_Types].xml", "xl/workbook.xml"), ContentTypes.Xlsx },
        { "pptx", Zip("[Content_Types].xml", "ppt/presentation.xml"), ContentTypes.Pptx },
        { "zip", Zip("photos/a.jpg", "notes.txt"), ContentTypes.Zip },
        { "doc", Ole("WordDocument"), ContentTypes.Doc },
        { "xls", Ole("Workbook"), ContentTypes.Xls },
        { "ppt", Ole("PowerPoint Document"), ContentTypes.Ppt },
        { "msi", Ole("SummaryInformation"), ContentTypes.OleStorage },
        { "exe", Samples.Executable(), ContentTypes.Unknown },
        { "riff that is not webp", Encoding.ASCII.GetBytes("RIFF\x24\0\0\0WAVEfmt "), ContentTypes.Unknown },
        { "text", Encoding.UTF8.GetBytes("Plain words, tabs\tand\r\nlines.\n"), ContentTypes.PlainText },
        { "short text", "ok"u8.ToArray(), ContentTypes.PlainText },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Detects_from_the_bytes_alone(string kind, byte[] content, string expected)
    {
        Assert.True(expected == Detect(content, csv: false), kind);
    }

    [Fact]
    public void Text_is_csv_only_when_the_caller_says_so()
    {
        Assert.Equal(ContentTypes.Csv, Detect("a,b\n1,2\n"u8.ToArray(), csv: true));
        Assert.Equal(ContentTypes.PlainText, Detect("a,b\n1,2\n"u8.ToArray(), csv: false));
    }

    [Fact]
    public void A_csv_name_does_not_make_binary_text()
    {
        Assert.Equal(ContentTypes.Pdf, Detect(Samples.Pdf(100), csv: true));
    }

    [Fact]
    public void Waits_for_more_bytes_only_while_they_could_change_the_answer()
    {
        Assert.Null(ContentDetector.Detect("%PDF"u8, headIsFinal: false, looksText: true, csv: false));
        Assert.Null(ContentDetector.Detect(Encoding.UTF8.GetBytes("words and more words"), headIsFinal: false, looksText: true, csv: false));
        Assert.Null(ContentDetector.Detect(Zip("[Content_Types].xml", "docProps/app.xml"), headIsFinal: false, looksText: false, csv: false));
        Assert.Equal(ContentTypes.Docx, ContentDetector.Detect(Samples.Docx(), headIsFinal: false, looksText: false, csv: false));
        Assert.Equal(ContentTypes.Unknown, ContentDetector.Detect(Samples.Executable(), headIsFinal: false, looksText: false, csv: false));
    }

    [Fact]
    public void The_declared_type_and_name_play_no_part()
    {
        // The detector takes bytes only: a PNG named and declared as PDF is a PNG.
        Assert.Equal(ContentTypes.Png, Detect(Samples.Png(100), csv: false));
    }

    private static string? Detect(byte[] content, bool csv)
    {
        var text = new TextValidator();
        text.Append(content);
        return ContentDetector.Detect(content, headIsFinal: true, text.Complete(), csv);
    }

    private static byte[] Zip(params string[] entries)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("content");
            }
        }

        return bytes.ToArray();
    }

    /// <summary>An OLE compound file header followed by a directory entry with the given stream name.</summary>
    private static byte[] Ole(string streamName)
    {
        var content = new byte[1536];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(content, 0);
        Encoding.Unicode.GetBytes("Root Entry\0").CopyTo(content, 512);
        Encoding.Unicode.GetBytes(streamName + "\0").CopyTo(content, 640);
        return content;
    }
}
