using System.IO.Compression;
using Xunit;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>The hostile files are what they claim to be: valid archives whose CRCs and sizes check out.</summary>
public sealed class HostileFilesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(3 * 1024 * 1024 + 5)]
    public void The_crc_of_zeros_matches_the_crc_computed_byte_by_byte(int length) =>
        Assert.Equal(Crc32.Of(new byte[length]), Crc32.OfZeros(length));

    [Fact]
    public void The_crc_matches_a_known_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_small_zip_bomb_unpacks_to_exactly_its_zeros_with_a_valid_crc(bool zip64)
    {
        const int size = 7 * 1024 * 1024;
        using var outer = new ZipArchive(new MemoryStream(HostileFiles.NestedZipBomb(size, zip64)));
        using var innerBytes = new MemoryStream();
        using (var entry = outer.GetEntry("inner.zip")!.Open())
        {
            entry.CopyTo(innerBytes);
        }

        innerBytes.Position = 0;
        using var inner = new ZipArchive(innerBytes);
        var member = inner.Entries.Single();
        Assert.Equal(size, member.Length);
        using var content = member.Open();
        var buffer = new byte[1024 * 1024];
        long total = 0;
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            Assert.True(buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0) < 0, "only zeros");
            total += read;
        }

        Assert.Equal(size, total);
        Assert.Equal(Crc32.OfZeros(size), member.Crc32);
    }

    [Fact]
    public void Nested_zips_are_as_deep_as_asked()
    {
        var content = HostileFiles.NestedZips(30, "notes.txt", "x"u8.ToArray());
        var depth = 0;
        while (true)
        {
            using var zip = new ZipArchive(new MemoryStream(content));
            var entry = zip.Entries.Single();
            depth++;
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            content = copy.ToArray();
            if (entry.Name == "notes.txt")
            {
                break;
            }
        }

        Assert.Equal(30, depth);
    }
}
