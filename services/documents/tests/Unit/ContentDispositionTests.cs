using Ideation.Documents.Api;

namespace Ideation.Documents.Tests.Unit;

public sealed class ContentDispositionTests
{
    [Theory]
    [InlineData("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")]
    [InlineData("a \"quoted\" \\ name.txt", "attachment; filename=\"a _quoted_ _ name.txt\"; filename*=UTF-8''a%20%22quoted%22%20%5C%20name.txt")]
    [InlineData("数据.csv", "attachment; filename=\"__.csv\"; filename*=UTF-8''%E6%95%B0%E6%8D%AE.csv")]
    [InlineData("🚲.png", "attachment; filename=\"_.png\"; filename*=UTF-8''%F0%9F%9A%B2.png")]
    public void Names_the_file_in_ascii_and_in_utf8(string filename, string expected)
    {
        Assert.Equal(expected, ContentDisposition.Attachment(filename));
    }
}
