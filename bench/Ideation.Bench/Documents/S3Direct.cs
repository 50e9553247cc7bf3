using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Documents;

/// <summary>
/// Uploads straight to the S3 server, from a client configured like the documents service's, into a
/// bucket of the bench's own. Every upload path ends in the S3 server, so this is the floor of what
/// an upload costs here. Two ways: one PutObject of the whole file (the baseline), or the way
/// documents stores a file, one PutObject up to one part and a multipart upload of 8 MiB parts
/// beyond, which tells what the parts cost apart from the gateway and the service.
/// </summary>
public sealed class S3Direct : IUploadPath
{
    public const string Bucket = "ideation-bench";

    private readonly IAmazonS3 _client;
    private readonly int? _partSize;

    private S3Direct(string name, IAmazonS3 client, int? partSize)
    {
        Name = name;
        _client = client;
        _partSize = partSize;
    }

    public string Name { get; }

    public bool CreatesDocuments => false;

    /// <summary>The client and the bench's bucket; dispose the client when done.</summary>
    public static async Task<AmazonS3Client> ConnectAsync(LocalStack stack)
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

        return client;
    }

    public static S3Direct PutObject(IAmazonS3 client) => new("S3 PutObject", client, partSize: null);

    public static S3Direct InParts(IAmazonS3 client, int partSize) =>
        new($"S3 in {partSize / (1024 * 1024)} MiB parts", client, partSize);

    public async Task<string> UploadAsync(string idea, byte[] content)
    {
        var key = $"bench/{Guid.NewGuid():N}";
        if (_partSize is not { } partSize || content.Length <= partSize)
        {
            await PutAsync(key, content);
        }
        else
        {
            await PutInPartsAsync(key, content, partSize);
        }

        return key;
    }

    public async Task SettleAsync(IReadOnlyCollection<string> stored)
    {
        foreach (var key in stored)
        {
            await _client.DeleteObjectAsync(Bucket, key);
        }
    }

    private async Task PutAsync(string key, byte[] content)
    {
        using var body = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = body,
            ContentType = "application/pdf",
            AutoCloseStream = false,
        });
    }

    /// <summary>One part after the other, as documents sends them while the file streams in.</summary>
    private async Task PutInPartsAsync(string key, byte[] content, int partSize)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            ContentType = "application/pdf",
        });
        var parts = new List<PartETag>();
        for (var offset = 0; offset < content.Length; offset += partSize)
        {
            using var part = new MemoryStream(content, offset, Math.Min(partSize, content.Length - offset), writable: false);
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartNumber = parts.Count + 1,
                InputStream = part,
            });
            parts.Add(new PartETag(parts.Count + 1, response.ETag));
        }

        await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = upload.UploadId,
            PartETags = parts,
        });
    }
}
