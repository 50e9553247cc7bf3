using System.IO.Compression;
using System.Text;
using Ideation.Scanner.Archives;
using Ideation.Scanner.Clamd;
using Ideation.Testing;

namespace Ideation.Scanner.Tests.Archives;

/// <summary>
/// The archive structure check on generated archives, fed as the scan feeds it: in chunks, whatever
/// their boundaries. Every outcome is a finding or none, never an exception.
/// </summary>
public sealed class ArchiveInspectionTests
{
    private static readonly byte[] Notes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("Minutes of the weekly meeting. ", 400)));

    [Fact]
    public void A_well_formed_zip_without_zip64_has_no_finding_and_clean_stays_clean()
    {
        var zip = TestFiles.Zip(("minutes.txt", Notes), ("plan.pdf", TestFiles.Pdf("Bike racks")), ("empty.txt", []));

        var inspection = Inspect(zip);

        Assert.Null(inspection.Finding);
        Assert.Equal(ScanVerdict.Clean, inspection.Judge(ScanVerdict.Clean));
    }

    [Fact]
    public void A_zip_written_by_hand_without_zip64_stored_and_deflated_has_no_finding()
    {
        var zip = TestZips.Build([new TestZipEntry("a.txt", Notes), new TestZipEntry("b.txt", Notes, Deflate: false)]);

        Assert.Null(Inspect(zip).Finding);
    }

    [Fact]
    public void A_zip_streamed_to_an_unseekable_output_with_data_descriptors_has_no_finding()
    {
        var output = new UnseekableStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 50; i++)
            {
                using var entry = zip.CreateEntry($"part-{i}.txt").Open();
                entry.Write(Notes);
            }
        }

        Assert.Null(Inspect(output.Inner.ToArray()).Finding);
    }

    [Theory]
    [InlineData(Zip64Sizes.Everywhere, "local file header")]
    [InlineData(Zip64Sizes.CentralOnly, "central directory header")]
    [InlineData(Zip64Sizes.LocalExtraOnly, "local file header")]
    public void A_zip64_entry_is_found_and_turns_clean_into_unscannable_with_the_reason(Zip64Sizes zip64, string where)
    {
        var zip = TestZips.Build([new TestZipEntry("ok.txt", Notes), new TestZipEntry("big.bin", Notes, Zip64: zip64)]);

        var inspection = Inspect(zip);

        Assert.Equal("Ideation.Archive.Zip64", inspection.Finding?.Name);
        Assert.Contains(where, inspection.Finding!.Explanation, StringComparison.Ordinal);
        var verdict = inspection.Judge(ScanVerdict.Clean);
        Assert.Equal(ScanOutcome.Unscannable, verdict.Outcome);
        Assert.StartsWith("Ideation.Archive.Zip64: ZIP64 ", verdict.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Zip64End.RecordAndLocator, "end of central directory record")]
    [InlineData(Zip64End.LocatorOnly, "end of central directory locator")]
    public void Zip64_only_in_the_end_records_is_found(Zip64End end, string where)
    {
        var zip = TestZips.Build([new TestZipEntry("minutes.txt", Notes)], end);

        var finding = Inspect(zip).Finding;

        Assert.Equal("Ideation.Archive.Zip64", finding?.Name);
        Assert.Contains(where, finding!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip64_zip_deflated_inside_a_zip_inside_a_zip_is_found_two_archives_deep()
    {
        var zip64 = TestZips.Zip64Member("eicar.com", TestFiles.Eicar());
        var nested = TestFiles.Zip(("outer/middle.zip", TestFiles.Zip(("notes.txt", Notes), ("inner.zip", zip64))));

        var finding = Inspect(nested).Finding;

        Assert.Equal("Ideation.Archive.Zip64", finding?.Name);
        Assert.Contains("inside 2 nested archives", finding!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip64_zip_stored_inside_an_ordinary_zip_is_found()
    {
        var stored = TestZips.Build([new TestZipEntry("inner.zip", TestZips.Zip64Member("zeros.bin", new byte[4096]), Deflate: false)]);

        Assert.Equal("Ideation.Archive.Zip64", Inspect(stored).Finding?.Name);
    }

    [Fact]
    public void A_zip64_zip_appended_to_a_pdf_is_found()
    {
        var pdf = TestFiles.Pdf("Quarterly figures").Concat(TestZips.Zip64Member("tools.exe", Notes)).ToArray();

        Assert.Equal("Ideation.Archive.Zip64", Inspect(pdf).Finding?.Name);
    }

    [Fact]
    public void A_zip64_member_is_found_by_its_headers_before_its_data_is_inflated()
    {
        // Too little inflation allowed to reach the member's data: its headers alone must tell.
        var bomb = TestZips.Build([new TestZipEntry("zeros.bin", new byte[1024 * 1024], Zip64: Zip64Sizes.Everywhere)]);
        var limits = new ArchiveLimits { MaxInflatedBytes = 64 * 1024 };

        Assert.Equal("Ideation.Archive.Zip64", Inspect(TestFiles.Zip(("inner.zip", bomb)), limits: limits).Finding?.Name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Chunk_boundaries_anywhere_change_nothing(int chunkSize)
    {
        var nested = TestFiles.Zip(("inner.zip", TestZips.Build([new TestZipEntry("x.txt", Notes)], Zip64End.LocatorOnly)));

        Assert.Equal("Ideation.Archive.Zip64", Inspect(nested, chunkSize).Finding?.Name);
        Assert.Null(Inspect(TestFiles.Zip(("inner.zip", TestFiles.Zip(("x.txt", Notes))))).Finding);
    }

    [Fact]
    public void A_header_with_the_longest_name_and_extra_field_is_read_across_chunks()
    {
        var name = new string('n', ushort.MaxValue);
        var zip = TestZips.Build([new TestZipEntry(name, Notes, Zip64: Zip64Sizes.LocalExtraOnly)]);

        Assert.Equal("Ideation.Archive.Zip64", Inspect(zip, chunkSize: 1000).Finding?.Name);
    }

    [Fact]
    public void Truncated_archives_end_without_a_finding_and_without_an_exception()
    {
        var zip64 = TestZips.Zip64Member("big.bin", Notes);
        var ordinary = TestFiles.Zip(("inner.zip", TestFiles.Zip(("x.txt", Notes))));

        // Cut inside the local header's extra field: the ZIP64 block never arrives.
        Assert.Null(Inspect(zip64[..40]).Finding);
        for (var cut = 0; cut < ordinary.Length; cut += 37)
        {
            Assert.Null(Inspect(ordinary[..cut]).Finding);
        }
    }

    [Fact]
    public void Garbage_and_chance_signatures_have_no_finding()
    {
        var random = TestFiles.RandomBytes(4 * 1024 * 1024, seed: 7);
        var sprinkled = (byte[])random.Clone();
        for (var at = 0; at + 64 < sprinkled.Length; at += 997)
        {
            "PK"u8.CopyTo(sprinkled.AsSpan(at));
            sprinkled[at + 2] = (byte)(at % 3 == 0 ? 3 : at % 3 == 1 ? 1 : 6);
            sprinkled[at + 3] = (byte)(sprinkled[at + 2] + 1);
        }

        Assert.Null(Inspect(random).Finding);
        Assert.Null(Inspect(sprinkled, chunkSize: 65536).Finding);
        Assert.Null(Inspect(TestFiles.Eicar()).Finding);
    }

    [Fact]
    public void A_corrupt_deflate_stream_ends_that_member_only()
    {
        var corrupt = TestZips.Build([new TestZipEntry("broken.bin", Enumerable.Repeat((byte)0xFF, 256).ToArray(), Deflate: false, Method: 8)]);
        var zip = corrupt.Concat(TestZips.Zip64Member("later.bin", Notes)).ToArray();

        Assert.Null(Inspect(corrupt).Finding);
        Assert.Equal("Ideation.Archive.Zip64", Inspect(zip).Finding?.Name);
    }

    [Fact]
    public void A_member_compressed_with_a_method_the_scanner_cannot_open_is_a_finding_unless_encrypted()
    {
        var bzip2 = TestZips.Build([new TestZipEntry("data.bin", Notes, Deflate: false, Method: 12)]);

        var finding = Inspect(bzip2).Finding;
        Assert.Equal("Ideation.Archive.UnsupportedMethod", finding?.Name);
        Assert.Contains("method 12", finding!.Explanation, StringComparison.Ordinal);

        // Encrypted members are clamd's to report (Heuristics.Encrypted): no one unpacks them.
        Assert.Null(Inspect(TestFiles.MarkEncrypted(bzip2)).Finding);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_a_finding()
    {
        var nested = TestFiles.Zip(("x.txt", Notes));
        for (var level = 0; level < 5; level++)
        {
            nested = TestFiles.Zip(($"level-{level}.zip", nested));
        }

        Assert.Null(Inspect(nested, limits: new ArchiveLimits { MaxDepth = 6 }).Finding);
        var finding = Inspect(nested, limits: new ArchiveLimits { MaxDepth = 5 }).Finding;
        Assert.Equal("Ideation.Archive.LimitExceeded", finding?.Name);
        Assert.Contains("nested more than 5 deep", finding!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpacking_past_the_byte_limit_or_the_header_limit_is_a_finding()
    {
        var zeros = TestFiles.ZipWithLargeMember(4);
        var many = TestFiles.Zip(Enumerable.Range(0, 30).Select(i => ($"{i}.txt", Notes)).ToArray());

        Assert.Null(Inspect(zeros, limits: new ArchiveLimits { MaxInflatedBytes = 4 * 1024 * 1024 }).Finding);
        Assert.Contains("unpack to more than", Inspect(zeros, limits: new ArchiveLimits { MaxInflatedBytes = 1024 * 1024 }).Finding?.Explanation, StringComparison.Ordinal);
        // 30 local and 30 central headers.
        Assert.Null(Inspect(many, limits: new ArchiveLimits { MaxHeaders = 60 }).Finding);
        Assert.Contains("more than 59 zip headers", Inspect(many, limits: new ArchiveLimits { MaxHeaders = 59 }).Finding?.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_that_overlap_past_the_limit_are_a_finding()
    {
        // Each "deflated" member starts a stored block of 65535 bytes, so it takes in every header after
        // it: none ends, and each header opens one more member.
        var neverEnding = new byte[] { 0x00, 0xFF, 0xFF, 0x00, 0x00 };
        var members = Enumerable.Range(0, 9)
            .Select(i => TestZips.Build([new TestZipEntry($"{i}.bin", neverEnding, Deflate: false, Method: 8)])[..(30 + $"{i}.bin".Length + neverEnding.Length)])
            .SelectMany(member => member).ToArray();

        Assert.Null(Inspect(members[..(members.Length * 8 / 9)]).Finding);
        Assert.Contains("more than 8 overlapping members", Inspect(members).Finding?.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip64_zip_in_a_flate_compressed_pdf_stream_is_found_and_an_ordinary_one_is_not()
    {
        var zip64 = PdfWithCompressedStream(TestZips.Zip64Member("tools.exe", Notes));
        var ordinary = PdfWithCompressedStream(TestFiles.Zip(("notes.txt", Notes)));

        var finding = Inspect(zip64, chunkSize: 100).Finding;

        Assert.Equal("Ideation.Archive.Zip64", finding?.Name);
        Assert.Contains("inside an archive", finding!.Explanation, StringComparison.Ordinal);
        Assert.Null(Inspect(ordinary, chunkSize: 100).Finding);
        Assert.Null(Inspect(PdfWithCompressedStream(Notes)).Finding);
    }

    [Fact]
    public void Infected_and_unscannable_verdicts_stand_as_clamd_gave_them()
    {
        var inspection = Inspect(TestZips.Zip64Member("eicar.com", TestFiles.Eicar()));
        var infected = new ScanVerdict(ScanOutcome.Infected, "Eicar-Signature");
        var limit = new ScanVerdict(ScanOutcome.Unscannable, "Heuristics.Limits.Exceeded.MaxScanSize");

        Assert.Equal(infected, inspection.Judge(infected));
        Assert.Equal(limit, inspection.Judge(limit));
    }

    [Fact]
    public async Task The_inspecting_stream_passes_every_byte_through_unchanged()
    {
        var content = TestFiles.Zip(("inner.zip", TestZips.Zip64Member("x.bin", Notes)));
        var inspection = new ArchiveInspection();
        using var copy = new MemoryStream();

        await new ArchiveInspectingStream(new MemoryStream(content), inspection).CopyToAsync(copy, bufferSize: 333);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal("Ideation.Archive.Zip64", inspection.Finding?.Name);
    }

    /// <summary>A PDF with one FlateDecode stream (an attached file) holding <paramref name="content"/>, CR LF after the keyword.</summary>
    private static byte[] PdfWithCompressedStream(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }

        var head = Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length {compressed.Length} >>\nstream\r\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        return [.. head, .. compressed.ToArray(), .. tail];
    }

    private static ArchiveInspection Inspect(byte[] content, int chunkSize = 64 * 1024, ArchiveLimits? limits = null)
    {
        var inspection = new ArchiveInspection(limits);
        for (var at = 0; at < content.Length; at += chunkSize)
        {
            inspection.Write(content.AsSpan(at, Math.Min(chunkSize, content.Length - at)));
        }

        return inspection;
    }

    /// <summary>A write-only stream that cannot seek, as a zip writer sees a network stream.</summary>
    private sealed class UnseekableStream : Stream
    {
        public MemoryStream Inner { get; } = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
        public override void Flush() => Inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
