using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3.Model;
using Ideation.Backup.Storage;

namespace Ideation.Backup.Commands;

/// <summary>
/// <c>backup-database</c>: pg_dump in PostgreSQL's custom format (compressed, restorable table by
/// table) of every configured database, streamed into the backup bucket, then retention. A database
/// that fails does not stop the others, and keeps all its older dumps.
/// </summary>
public sealed class BackupDatabaseCommand(BackupRun run)
{
    public const string Name = "backup-database";

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        if (run.Options.Databases.Count == 0)
        {
            throw new BackupException("Backup:Databases names no database to back up.");
        }

        var succeeded = true;
        foreach (var (database, connectionString) in run.Options.Databases.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            try
            {
                await DumpAsync(database, connectionString, cancellationToken);
                await DeleteBeyondKeepAsync(database, cancellationToken);
            }
            catch (Exception exception) when (exception is BackupException or AmazonServiceException && !cancellationToken.IsCancellationRequested)
            {
                BackupLog.DumpFailed(run.Logger, database, exception.Message);
                succeeded = false;
            }
        }

        return succeeded;
    }

    private async Task DumpAsync(string database, string connectionString, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var bucket = run.Options.Bucket;
        var key = run.Layout.DumpKey(database, run.Clock.GetUtcNow());
        await using var upload = new StreamingUpload(run.BackupStore, bucket, key, run.Options.PartSizeBytes);
        // Disposed before the upload: a pg_dump still writing when the upload fails is killed, then the upload aborted.
        await using var dump = run.Postgres.Start("pg_dump", connectionString, ["--format=custom", "--no-password"], writesToStandardInput: false);
        try
        {
            await upload.ReadFromAsync(dump.Output, cancellationToken);
        }
        catch (AmazonServiceException exception)
        {
            throw new BackupException($"the dump could not be stored at s3://{bucket}/{key}: {exception.Message}", exception);
        }

        var exitCode = await dump.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            // Checked before completing, so that a dump cut short is never stored as if it were whole.
            await AbortAsync(upload);
            throw new BackupException($"pg_dump exited with code {exitCode}: {dump.ErrorTail}");
        }

        await upload.CompleteAsync(cancellationToken);
        BackupLog.DumpStored(run.Logger, database, bucket, key, upload.Length, watch.Elapsed.TotalSeconds);
    }

    private async Task AbortAsync(StreamingUpload upload)
    {
        try
        {
            await upload.AbortAsync();
        }
        catch (AmazonServiceException exception)
        {
            BackupLog.UploadAbortFailed(run.Logger, upload.Bucket, upload.Key, exception.Message);
        }
    }

    /// <summary>Deletes this database's dumps beyond the newest <c>Keep</c>; anything else in its folder stays.</summary>
    private async Task DeleteBeyondKeepAsync(string database, CancellationToken cancellationToken)
    {
        var bucket = run.Options.Bucket;
        var dumps = new List<string>();
        await foreach (var entry in run.BackupStore.ListAsync(bucket, run.Layout.DumpFolder(database), cancellationToken))
        {
            if (run.Layout.IsDumpOf(database, entry.Key))
            {
                dumps.Add(entry.Key);
            }
        }

        foreach (var key in dumps.OrderDescending(StringComparer.Ordinal).Skip(run.Options.Keep))
        {
            await run.BackupStore.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
            BackupLog.DumpDeleted(run.Logger, database, bucket, key, run.Options.Keep);
        }
    }
}
