using Ideation.Documents.Logging;

namespace Ideation.Documents.Storage;

/// <summary>
/// Creates the buckets at startup when <c>Documents:Storage:CreateBuckets</c> is on (development and
/// tests). Registered before the web server, so no request arrives before the buckets exist.
/// </summary>
internal sealed class BucketProvisioner(ObjectStorage storage, ILogger<BucketProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var bucket in await storage.EnsureBucketsAsync(cancellationToken))
        {
            logger.BucketCreated(bucket);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
