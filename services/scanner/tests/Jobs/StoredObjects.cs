using Amazon.S3.Model;
using Amazon.S3;
using Ideation.Scanner.Jobs;
using Ideation.Storage;
using Ideation.Testing;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>A bucket of the test's own on the test command's S3 server (or another), written the way documents writes uploads.</summary>
public sealed class StoredObjects(string? serviceUrl = null) : IDisposable
{
    private readonly AmazonS3Client _client = S3Clients.Create(Settings(serviceUrl), StorageOptions.Section, maxErrorRetry: 1);

    public string Bucket { get; } = $"scan-{Guid.NewGuid():N}";

    /// <summary>The scanner's storage settings for the same server; s3rver knows one key pair, S3RVER.</summary>
    public static StorageOptions Settings(string? serviceUrl = null) => new()
    {
        ServiceUrl = serviceUrl ?? SharedServers.S3,
        ForcePathStyle = true,
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
    };

    public async Task CreateBucketAsync() => await _client.PutBucketAsync(Bucket);

    public async Task PutAsync(string key, byte[] content) =>
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(content) });

    public void Dispose() => _client.Dispose();
}
