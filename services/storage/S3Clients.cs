using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Ideation.Storage;

/// <summary>Builds the S3 client every service uses, with the settings S3-compatible servers need.</summary>
public static class S3Clients
{
    /// <param name="options">The endpoint and credentials.</param>
    /// <param name="section">The configuration section they came from, for error messages.</param>
    /// <param name="maxErrorRetry">
    /// The SDK's own retries per request. Callers with a retry policy of their own keep this low, so
    /// that an outage fails a request within seconds instead of after the SDK's long default backoff.
    /// </param>
    /// <param name="timeout">
    /// Longest a request may take, 30 s unless given. A request whose body streams at its client's
    /// pace (an upload of a length known up front) takes as long as that client: its caller bounds it.
    /// </param>
    public static AmazonS3Client Create(S3ConnectionOptions options, string section, int maxErrorRetry, TimeSpan? timeout = null)
    {
        if (options.AccessKey.Length > 0 != options.SecretKey.Length > 0)
        {
            throw new InvalidOperationException($"{section}:AccessKey and SecretKey go together; leave both empty to use the SDK's default credentials.");
        }

        // Empty listings come back as empty lists rather than null (a process-wide SDK switch).
        AWSConfigs.InitializeCollections = true;

        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 demands them: S3-compatible servers refuse the SDK's streaming
            // checksum trailers, and the platform keeps its own SHA-256 of every upload.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = maxErrorRetry,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
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
