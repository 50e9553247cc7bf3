using Amazon.S3;
using Ideation.Backup.Configuration;
using Ideation.Backup.Postgres;
using Ideation.Storage;
using Microsoft.Extensions.Logging;

namespace Ideation.Backup;

/// <summary>What every command works with: the settings, the key layout, the object stores and PostgreSQL's client programs.</summary>
public sealed class BackupRun : IDisposable
{
    /// <summary>
    /// The SDK's own retries per request. A backup has no caller waiting on it, so riding out a
    /// brief hiccup of the object store is worth more than failing fast.
    /// </summary>
    private const int MaxErrorRetry = 4;

    public BackupRun(BackupOptions options, ILogger logger, TimeProvider clock)
    {
        Options = options;
        Logger = logger;
        Clock = clock;
        Layout = new BackupLayout(options.NormalizedPrefix);
        Postgres = new PostgresClient(options.PostgresClientDirectory);
        BackupStore = S3Clients.Create(options.Storage, $"{BackupOptions.Section}:Storage", MaxErrorRetry);
        SourceStore = options.Objects.SourceStorage is { } sourceStorage
            ? S3Clients.Create(sourceStorage, $"{BackupOptions.Section}:Objects:SourceStorage", MaxErrorRetry)
            : BackupStore;
    }

    public BackupOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Clock { get; }

    public BackupLayout Layout { get; }

    public PostgresClient Postgres { get; }

    /// <summary>The store of the backup bucket.</summary>
    public IAmazonS3 BackupStore { get; }

    /// <summary>The store of the source buckets: the same client as <see cref="BackupStore"/> unless configured apart.</summary>
    public IAmazonS3 SourceStore { get; }

    public void Dispose()
    {
        if (!ReferenceEquals(SourceStore, BackupStore))
        {
            SourceStore.Dispose();
        }

        BackupStore.Dispose();
    }
}
