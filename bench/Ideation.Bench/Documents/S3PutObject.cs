using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// The baseline: the same bytes straight to the S3 server with one PutObject, from a client configured
/// like the documents service's. Every upload path ends in the S3 server, so this is the floor of
/// what an upload costs here. Objects go to a bucket of the bench's own.
/// </summary>
public sealed class S3PutObject : IUploadPath, IDisposable
{
    public const string Bucket = "ideation-bench";

    private readonly AmazonS3Client _client;

    private S3PutObject(AmazonS3Client client) => _client = client;

    public string Name => "S3 PutObject";

    public bool CreatesDocuments => false;

    public static async Task<S3PutObject> CreateAsync(LocalStack stack)
    {
        var client = new AmazonS3Client(new BasicAWSCredentials(stack.S3AccessKey, stack.S3SecretKey), new AmazonS3Config
        {
            ServiceURL = stack.S3ServiceUrl,
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
            // As documents: s3rver refuses the SDK's streaming checksum trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Left by an earlier run.
        }

        return new S3PutObject(client);
    }

    public async Task<string> UploadAsync(string idea, byte[] content)
    {
        var key = $"bench/{Guid.NewGuid():N}";
        using var body = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = body,
            ContentType = "application/pdf",
            AutoCloseStream = false,
        });
        return key;
    }

    public async Task SettleAsync(IReadOnlyCollection<string> stored)
    {
        foreach (var key in stored)
        {
            await _client.DeleteObjectAsync(Bucket, key);
        }
    }

    public void Dispose() => _client.Dispose();
}
