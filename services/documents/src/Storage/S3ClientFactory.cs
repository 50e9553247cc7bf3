using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Ideation.Documents.Configuration;

namespace Ideation.Documents.Storage;

/// <summary>Builds the S3 client from <see cref="StorageOptions"/>, for the service and for tests that inspect buckets.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(StorageOptions options)
    {
        // Empty listings come back as empty lists rather than null (a process-wide SDK switch).
        AWSConfigs.InitializeCollections = true;

        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 demands them: S3-compatible servers refuse the SDK's streaming
            // checksum trailers, and the service computes its own SHA-256 of every upload.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A storage outage should fail an upload within seconds, not after the SDK's long default backoff.
            MaxErrorRetry = 2,
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

        return options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
