using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Ideation.Scanner.Jobs;

/// <summary>The S3 client the scanner reads objects with.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 demands them: S3-compatible servers refuse the SDK's streaming
            // checksum trailers, and a scan reads the bytes as stored either way.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // The job retries with its own backoff; the SDK's retries would only stretch one attempt.
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        if (options.AccessKey.Length > 0 != options.SecretKey.Length > 0)
        {
            throw new InvalidOperationException($"{StorageOptions.Section}:AccessKey and SecretKey go together; leave both empty to use the SDK's default credentials.");
        }

        return options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
