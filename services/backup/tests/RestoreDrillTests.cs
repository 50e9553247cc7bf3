using System.Diagnostics;
using Ideation.Testing;
using Xunit.Abstractions;

namespace Ideation.Backup.Tests;

/// <summary>
/// The restore drill: data in PostgreSQL and S3, a backup as the CronJob takes it, everything wiped,
/// a restore as the README tells an operator to run it, and everything as it was.
/// </summary>
public sealed class RestoreDrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_backup_wipe_and_restore_every_row_and_object_is_as_it_was()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        var ideas = await scenario.AddDatabaseAsync("ideas");
        var documents = await scenario.AddDatabaseAsync("documents");
        var objects = Objects(scenario);
        await DrillData.SeedIdeasAsync(ideas);
        await DrillData.PutObjectsAsync(scenario.S3, objects);
        await DrillData.SeedDocumentsAsync(documents, objects);

        var ideasBefore = await Snapshot(ideas);
        var documentsBefore = await Snapshot(documents);
        var documentsBucketBefore = await BackupScenario.ObjectsAsync(scenario.S3, scenario.DocumentsBucket);
        var quarantineBefore = await BackupScenario.ObjectsAsync(scenario.S3, scenario.QuarantineBucket);
        Assert.StartsWith($"{DrillData.IdeaCount} rows", ideasBefore["table ideas"], StringComparison.Ordinal);
        Assert.Equal(objects.Count, documentsBucketBefore.Count + quarantineBefore.Count);

        var backup = await BackupTool.RunAsync(scenario.Settings, "backup-database");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var sync = await BackupTool.RunAsync(scenario.Settings, "sync-objects");
        Assert.True(sync.ExitCode == 0, sync.ToString());

        await PostgresServer.DropDatabaseAsync(ideas);
        await PostgresServer.DropDatabaseAsync(documents);
        await BackupScenario.EmptyBucketAsync(scenario.S3, scenario.DocumentsBucket);
        await BackupScenario.EmptyBucketAsync(scenario.S3, scenario.QuarantineBucket);
        Assert.Empty(await BackupScenario.KeysAsync(scenario.S3, scenario.DocumentsBucket, ""));

        var restoreTime = Stopwatch.StartNew();
        foreach (var database in new[] { "ideas", "documents" })
        {
            var restore = await BackupTool.RunAsync(scenario.Settings, "restore-database", "--name", database);
            Assert.True(restore.ExitCode == 0, restore.ToString());
        }

        var restoreObjects = await BackupTool.RunAsync(scenario.Settings, "restore-objects");
        Assert.True(restoreObjects.ExitCode == 0, restoreObjects.ToString());
        output.WriteLine($"Restore of two databases and {objects.Count} objects ({objects.Sum(o => o.Content.Length)} bytes) took {restoreTime.Elapsed.TotalSeconds:F1} s.");

        Assert.Equal(ideasBefore, await Snapshot(ideas));
        Assert.Equal(documentsBefore, await Snapshot(documents));
        Assert.Equal(documentsBucketBefore, await BackupScenario.ObjectsAsync(scenario.S3, scenario.DocumentsBucket));
        Assert.Equal(quarantineBefore, await BackupScenario.ObjectsAsync(scenario.S3, scenario.QuarantineBucket));
    }

    /// <summary>Schema and data together: a restore must bring back both.</summary>
    private static async Task<SortedDictionary<string, string>> Snapshot(string connectionString)
    {
        var snapshot = await DatabaseContents.ReadAsync(connectionString);
        foreach (var line in await SchemaFingerprint.ReadAsync(connectionString))
        {
            snapshot[line] = "schema";
        }

        return snapshot;
    }

    /// <summary>
    /// Documents as the service stores them (keys with slashes), one with characters a copy must
    /// encode ('&amp;' is left out: the test S3 server escapes it twice in listings), a large one stored as a multipart upload, and an infected one in quarantine.
    /// </summary>
    private static List<(string Bucket, string Key, byte[] Content, string State)> Objects(BackupScenario scenario)
    {
        var idea = Guid.NewGuid();
        var objects = Enumerable.Range(1, 12)
            .Select(i => (scenario.DocumentsBucket, $"ideas/{idea}/documents/{Guid.NewGuid()}", TestFiles.Pdf($"Plan {i}"), "clean"))
            .ToList();
        objects.Add((scenario.DocumentsBucket, $"ideas/{idea}/documents/Überblick + Plan (final) 100%.pdf", TestFiles.Pdf("Überblick"), "clean"));
        objects.Add((scenario.DocumentsBucket, $"ideas/{idea}/documents/{Guid.NewGuid()}", TestFiles.RandomBytes(11 * 1024 * 1024, seed: 5), "clean"));
        objects.Add((scenario.QuarantineBucket, $"ideas/{idea}/documents/{Guid.NewGuid()}", TestFiles.Eicar(), "infected"));
        return objects;
    }
}
