namespace Ideation.Backup.Tests;

/// <summary>The event ids of the tool's log lines that tests read (services/backup/src/BackupLog.cs).</summary>
public static class BackupEvents
{
    public const int InvalidSettings = 1;
    public const int DumpStored = 10;
    public const int DumpFailed = 11;
    public const int DumpDeleted = 12;
    public const int DumpRestored = 22;
    public const int BucketCopied = 30;
}
