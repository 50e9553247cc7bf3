using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Ideation.Storage;
using Ideation.Testing;

namespace Ideation.Backup.Tests;

/// <summary>
/// One test's world on the shared servers: its own databases, source buckets and backup bucket,
/// and the tool's settings pointing at them. Disposing removes all of it.
/// </summary>
public sealed class BackupScenario : IAsyncDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> _databases = [];
    private readonly List<string> _createdDatabases = [];
    private readonly List<string> _buckets = [];

    private BackupScenario(string s3Url)
    {
        S3Url = s3Url;
        S3 = S3Clients.Create(Connection(s3Url), "test", maxErrorRetry: 2);
    }

    public string S3Url { get; }

    public AmazonS3Client S3 { get; }

    public string BackupBucket => $"backup-{_id}";

    public string DocumentsBucket => $"documents-{_id}";

    public string QuarantineBucket => $"quarantine-{_id}";

    public IReadOnlyDictionary<string, string> Databases => _databases;

    /// <summary>The tool's settings: this scenario's databases, its two source buckets, its backup bucket.</summary>
    public Dictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Backup:Bucket"] = BackupBucket,
                ["Backup:Objects:SourceBuckets:0"] = DocumentsBucket,
                ["Backup:Objects:SourceBuckets:1"] = QuarantineBucket,
            };
            AddStorage(settings, "Backup:Storage", S3Url);
            foreach (var (name, connectionString) in _databases)
            {
                settings[$"Backup:Databases:{name}"] = connectionString;
            }

            return settings;
        }
    }

    /// <summary>A scenario with its buckets created on the shared S3 server.</summary>
    public static async Task<BackupScenario> CreateAsync()
    {
        var scenario = new BackupScenario(SharedServers.S3);
        foreach (var bucket in new[] { scenario.BackupBucket, scenario.DocumentsBucket, scenario.QuarantineBucket })
        {
            await scenario.S3.PutBucketAsync(bucket);
            scenario._buckets.Add(bucket);
        }

        return scenario;
    }

    /// <summary>The settings an S3 server needs under <paramref name="section"/>.</summary>
    public static void AddStorage(Dictionary<string, string> settings, string section, string url)
    {
        var connection = Connection(url);
        settings[$"{section}:ServiceUrl"] = connection.ServiceUrl;
        settings[$"{section}:AccessKey"] = connection.AccessKey;
        settings[$"{section}:SecretKey"] = connection.SecretKey;
        settings[$"{section}:ForcePathStyle"] = "true";
    }

    public static S3ConnectionOptions Connection(string url) =>
        new() { ServiceUrl = url, AccessKey = "S3RVER", SecretKey = "S3RVER", ForcePathStyle = true };

    /// <summary>Creates an empty database, known to the tool as <paramref name="name"/>.</summary>
    public async Task<string> AddDatabaseAsync(string name)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync($"backup_{name.Replace('-', '_')}");
        _databases[name] = connectionString;
        _createdDatabases.Add(connectionString);
        return connectionString;
    }

    /// <summary>Names a database for the tool without creating it (a restore creates it).</summary>
    public void AddDatabaseSetting(string name, string connectionString) => _databases[name] = connectionString;

    public static async Task PutAsync(IAmazonS3 client, string bucket, string key, byte[] content, string contentType = "application/octet-stream")
    {
        using var stream = new MemoryStream(content);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream, ContentType = contentType });
    }

    /// <summary>Stores an object as a multipart upload of 5 MiB parts, as large documents are stored.</summary>
    public static async Task PutMultipartAsync(IAmazonS3 client, string bucket, string key, byte[] content)
    {
        using var stream = new MemoryStream(content);
        using var transfer = new TransferUtility(client);
        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = stream,
            PartSize = 5 * 1024 * 1024,
            ContentType = "application/pdf",
        });
    }

    /// <summary>Key to "sha256 content-type" of every object under <paramref name="prefix"/>, keys relative to it.</summary>
    public static async Task<SortedDictionary<string, string>> ObjectsAsync(IAmazonS3 client, string bucket, string prefix = "")
    {
        var objects = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request);
            foreach (var entry in page.S3Objects)
            {
                using var content = await client.GetObjectAsync(bucket, entry.Key);
                var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content.ResponseStream));
                objects[entry.Key[prefix.Length..]] = $"{sha256} {content.Headers.ContentType}";
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return objects;
    }

    public static async Task<IReadOnlyList<string>> KeysAsync(IAmazonS3 client, string bucket, string prefix)
    {
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return response.S3Objects.Select(entry => entry.Key).Order(StringComparer.Ordinal).ToList();
    }

    public static async Task EmptyBucketAsync(IAmazonS3 client, string bucket)
    {
        foreach (var key in await KeysAsync(client, bucket, ""))
        {
            await client.DeleteObjectAsync(bucket, key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connectionString in _createdDatabases)
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }

        foreach (var bucket in _buckets)
        {
            await EmptyBucketAsync(S3, bucket);
            await S3.DeleteBucketAsync(bucket);
        }

        S3.Dispose();
    }
}
