using Grpc.Core;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Tests.Unit;

public sealed class FilenamesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("  report.pdf\t", "report.pdf")]
    [InlineData("Rapport d'été.pdf", "Rapport d'été.pdf")]
    [InlineData("..hidden", "..hidden")]
    [InlineData("a..b.txt", "a..b.txt")]
    [InlineData("数据.csv", "数据.csv")]
    public void Accepts_and_cleans(string name, string expected)
    {
        Assert.Null(Filenames.Problem(name, out var cleaned));
        Assert.Equal(expected, cleaned);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("../x")]
    [InlineData("..\\x")]
    [InlineData("folder/report.pdf")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a\0b.pdf")]
    [InlineData("line\nbreak.txt")]
    [InlineData("bell\u0007.txt")]
    [InlineData("c1\u0085.txt")]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("isolate\u2066.txt")]
    public void Refuses(string name)
    {
        Assert.NotNull(Filenames.Problem(name, out _));
    }

    [Fact]
    public void Counts_the_limit_in_utf8_bytes()
    {
        var atLimit = new string('é', 127) + "a"; // 127 * 2 + 1 = 255 bytes
        var overLimit = new string('é', 128); // 256 bytes, 128 characters

        Assert.Null(Filenames.Problem(atLimit, out _));
        Assert.Contains("256 bytes", Filenames.Problem(overLimit, out _));
        Assert.NotNull(Filenames.Problem(new string('n', 300), out _));
    }

    [Fact]
    public void Records_the_field_of_a_refused_name()
    {
        var violations = new FieldViolations();

        Assert.Null(Filenames.Clean("../x", "filename", violations));

        Assert.False(violations.IsEmpty);
        Assert.Equal(["filename"], violations.ToException().GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => v.Field));
    }
}
