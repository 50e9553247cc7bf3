using Microsoft.Extensions.Options;

namespace Ideation.Documents.Configuration;

/// <summary>Refuses to start with storage settings that would fail on the first upload or download.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Bucket) || string.IsNullOrWhiteSpace(options.QuarantineBucket))
        {
            failures.Add($"{StorageOptions.Section}:Bucket and QuarantineBucket must both be set.");
        }
        else if (options.Bucket == options.QuarantineBucket)
        {
            failures.Add($"{StorageOptions.Section}:QuarantineBucket must differ from Bucket: quarantine means bytes no download URL can reach.");
        }

        if (options.ServiceUrl.Length > 0 && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
        {
            failures.Add($"{StorageOptions.Section}:ServiceUrl '{options.ServiceUrl}' is not an absolute URL; leave it empty for AWS.");
        }

        if (options.AccessKey.Length > 0 != options.SecretKey.Length > 0)
        {
            failures.Add($"{StorageOptions.Section}:AccessKey and SecretKey go together; leave both empty to use the SDK's default credentials.");
        }

        if (options.PresignedUrlLifetime <= TimeSpan.Zero || options.PresignedUrlLifetime > StorageOptions.MaximumPresignedUrlLifetime)
        {
            failures.Add($"{StorageOptions.Section}:PresignedUrlLifetime must be above zero and at most {StorageOptions.MaximumPresignedUrlLifetime}; it is {options.PresignedUrlLifetime}.");
        }

        if (options.PartSizeBytes < StorageOptions.MinimumPartSizeBytes)
        {
            failures.Add($"{StorageOptions.Section}:PartSizeBytes must be at least {StorageOptions.MinimumPartSizeBytes} (S3's smallest multipart part); it is {options.PartSizeBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
