using Ideation.Storage;

namespace Ideation.Backup.Configuration;

/// <summary>What to back up and where to: section <c>Backup</c>.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>
    /// S3 refuses multipart parts under 5 MiB (except the last), so no part of a dump may be smaller.
    /// </summary>
    public const int MinimumPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>The bucket every backup goes to. Required.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>
    /// A folder inside <see cref="Bucket"/> for this installation (for example <c>production/</c>), so
    /// that several installations can share one backup bucket. Empty: the bucket's root.
    /// </summary>
    public string Prefix { get; set; } = "";

    /// <summary>How many dumps of each database to keep; older ones are deleted after each successful dump.</summary>
    public int Keep { get; set; } = 168;

    /// <summary>The databases to dump: a name (the folder of its dumps) to an Npgsql connection string.</summary>
    public Dictionary<string, string> Databases { get; set; } = [];

    public ObjectBackupOptions Objects { get; set; } = new();

    /// <summary>The object store that holds <see cref="Bucket"/>.</summary>
    public S3ConnectionOptions Storage { get; set; } = new();

    /// <summary>
    /// The folder of pg_dump and pg_restore; empty: found on PATH. Their major version must be the
    /// server's or newer (pg_dump refuses a newer server).
    /// </summary>
    public string PostgresClientDirectory { get; set; } = "";

    /// <summary>Size of each part of a dump's multipart upload, and so of the one buffer a dump holds in memory.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Prefix with the trailing slash it needs, or empty.</summary>
    public string NormalizedPrefix => Prefix.Length == 0 || Prefix.EndsWith('/') ? Prefix : Prefix + "/";

    /// <summary>Every mistake in the settings, so that one run reports them all.</summary>
    public IEnumerable<string> Validate()
    {
        if (Bucket.Length == 0)
        {
            yield return $"{Section}:Bucket must name the backup bucket.";
        }

        if (Keep < 1)
        {
            yield return $"{Section}:Keep must be 1 or more (it was {Keep}).";
        }

        if (PartSizeBytes < MinimumPartSizeBytes)
        {
            yield return $"{Section}:PartSizeBytes must be at least {MinimumPartSizeBytes} (5 MiB), the smallest part S3 accepts.";
        }

        if (Prefix.StartsWith('/'))
        {
            yield return $"{Section}:Prefix must not start with '/': S3 keys have no leading slash.";
        }

        foreach (var (name, connectionString) in Databases)
        {
            if (!BackupLayout.IsValidName(name))
            {
                yield return $"{Section}:Databases:{name}: the name becomes a folder of the backup bucket; use letters, digits, '-' and '_'.";
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                yield return $"{Section}:Databases:{name} has no connection string.";
            }
        }

        foreach (var (section, storage) in new[] { ("Storage", Storage), ("Objects:SourceStorage", Objects.SourceStorage) })
        {
            if (storage is not null && storage.AccessKey.Length > 0 != storage.SecretKey.Length > 0)
            {
                yield return $"{Section}:{section}:AccessKey and SecretKey go together; leave both empty to use the SDK's default credentials.";
            }
        }

        if (Objects.Concurrency < 1)
        {
            yield return $"{Section}:Objects:Concurrency must be 1 or more.";
        }
    }
}
