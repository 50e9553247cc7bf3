using System.Diagnostics;
using System.Net;
using Amazon.S3;
using Ideation.Backup.Postgres;
using Ideation.Backup.Storage;
using Npgsql;

namespace Ideation.Backup.Commands;

/// <summary>
/// <c>restore-database --name &lt;name&gt; [--dump &lt;key&gt;|latest]</c>: restores one dump into the
/// database of <c>Backup:Databases:&lt;name&gt;</c>, which must be empty or missing (it is created).
/// The dump streams from S3 into pg_restore's standard input: the custom format restores from a pipe
/// when read in order, which a plain restore does (only a parallel restore needs a seekable file),
/// so no temporary copy of the dump is needed, however large.
/// </summary>
public sealed class RestoreDatabaseCommand(BackupRun run)
{
    public const string Name = "restore-database";

    /// <summary>The value of <c>--dump</c> that picks the newest dump; also the default.</summary>
    public const string Latest = "latest";

    public async Task<bool> RunAsync(string database, string dump, CancellationToken cancellationToken)
    {
        if (!run.Options.Databases.TryGetValue(database, out var connectionString))
        {
            var known = run.Options.Databases.Count == 0 ? "none" : string.Join(", ", run.Options.Databases.Keys.Order(StringComparer.Ordinal));
            throw new BackupException($"Backup:Databases:{database} is not configured (configured: {known}); it names the database to restore into.");
        }

        var watch = Stopwatch.StartNew();
        var bucket = run.Options.Bucket;
        var key = await ResolveDumpAsync(database, dump, cancellationToken);
        BackupLog.RestoreStarting(run.Logger, database, bucket, key);

        if (await RestoreTarget.EnsureExistsAsync(connectionString, cancellationToken))
        {
            BackupLog.DatabaseCreated(run.Logger, new NpgsqlConnectionStringBuilder(connectionString).Database!);
        }

        await RestoreTarget.EnsureEmptyAsync(connectionString, cancellationToken);

        using var archive = await OpenDumpAsync(bucket, key, cancellationToken);
        var target = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var restore = run.Postgres.Start("pg_restore",
            connectionString,
            [
                "--no-password",
                // Objects belong to whoever restores (the connection string's user, normally the
                // services' own): the original owner role may not exist where a dump is restored.
                "--no-owner",
                // All or nothing: a restore that fails halfway leaves the database as empty as it found it.
                "--single-transaction",
                "--exit-on-error",
                $"--dbname={target}",
            ],
            writesToStandardInput: true);
        try
        {
            await archive.ResponseStream.CopyToAsync(restore.Input, cancellationToken);
            restore.CloseInput();
        }
        catch (IOException)
        {
            // pg_restore stopped reading: it exited, and its own message says why (below).
        }

        var exitCode = await restore.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new BackupException($"pg_restore of s3://{bucket}/{key} into database {target} exited with code {exitCode}: {restore.ErrorTail}");
        }

        BackupLog.DumpRestored(run.Logger, database, bucket, key, archive.ContentLength, watch.Elapsed.TotalSeconds);
        return true;
    }

    /// <summary>
    /// <c>latest</c> is the newest dump of the database; a file name is looked up in the database's
    /// folder; anything else is taken as the full key.
    /// </summary>
    private async Task<string> ResolveDumpAsync(string database, string dump, CancellationToken cancellationToken)
    {
        var folder = run.Layout.DumpFolder(database);
        if (dump != Latest)
        {
            return dump.Contains('/', StringComparison.Ordinal) ? dump : folder + dump;
        }

        string? newest = null;
        await foreach (var entry in run.BackupStore.ListAsync(run.Options.Bucket, folder, cancellationToken))
        {
            if (run.Layout.IsDumpOf(database, entry.Key) && string.CompareOrdinal(entry.Key, newest) > 0)
            {
                newest = entry.Key;
            }
        }

        return newest ?? throw new BackupException($"There is no dump of database {database} under s3://{run.Options.Bucket}/{folder}.");
    }

    private async Task<Amazon.S3.Model.GetObjectResponse> OpenDumpAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await run.BackupStore.GetObjectAsync(bucket, key, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BackupException($"s3://{bucket}/{key} does not exist ({exception.ErrorCode}).", exception);
        }
    }
}
