using Microsoft.Extensions.Options;

namespace Ideation.Documents.Configuration;

/// <summary>Refuses to start with upload limits the scanner could not honour.</summary>
internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBytes <= 0)
        {
            failures.Add($"{UploadOptions.Section}:MaxBytes must be above zero; it is {options.MaxBytes}.");
        }

        if (options.MaxBytes >= options.ScannerStreamLimitBytes)
        {
            failures.Add(
                $"{UploadOptions.Section}:MaxBytes ({options.MaxBytes}) must be below {UploadOptions.Section}:ScannerStreamLimitBytes " +
                $"({options.ScannerStreamLimitBytes}), clamd's StreamMaxLength: a document clamd cannot read whole could never be found clean. " +
                "Lower MaxBytes, or raise clamd's StreamMaxLength, MaxFileSize and MaxScanSize and ScannerStreamLimitBytes together.");
        }

        if (options.MaxDocumentsPerIdea <= 0)
        {
            failures.Add($"{UploadOptions.Section}:MaxDocumentsPerIdea must be above zero; it is {options.MaxDocumentsPerIdea}.");
        }

        if (options.CleanupGracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{UploadOptions.Section}:CleanupGracePeriod must be above zero (longer than the longest upload); it is {options.CleanupGracePeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
