using Ideation.Documents.Configuration;

namespace Ideation.Documents.Tests.Unit;

public sealed class UploadOptionsValidatorTests
{
    [Theory]
    [InlineData(50L * 1024 * 1024, 64L * 1024 * 1024, true)]
    [InlineData(64L * 1024 * 1024 - 1, 64L * 1024 * 1024, true)]
    [InlineData(64L * 1024 * 1024, 64L * 1024 * 1024, false)]
    [InlineData(100L * 1024 * 1024, 64L * 1024 * 1024, false)]
    [InlineData(0, 64L * 1024 * 1024, false)]
    public void The_upload_limit_must_stay_below_what_the_scanner_reads(long maxBytes, long scannerLimit, bool valid)
    {
        var result = new UploadOptionsValidator().Validate(null, new UploadOptions { MaxBytes = maxBytes, ScannerStreamLimitBytes = scannerLimit });

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new UploadOptionsValidator().Validate(null, new UploadOptions()).Succeeded);
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);
    }
}
