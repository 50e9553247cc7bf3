using System.Text.Json;
using Ideation.Storage;
using Ideation.Testing;

namespace Ideation.Backup.Tests;

public sealed class ObjectSyncTests
{
    [Fact]
    public async Task A_second_sync_copies_only_what_changed_and_keeps_what_the_source_deleted()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await BackupScenario.PutAsync(scenario.S3, scenario.DocumentsBucket, $"ideas/a/documents/{i}", TestFiles.Pdf($"Plan {i}"), "application/pdf");
        }

        await BackupScenario.PutMultipartAsync(scenario.S3, scenario.DocumentsBucket, "ideas/a/documents/large", TestFiles.RandomBytes(6 * 1024 * 1024, seed: 1));
        var first = await BackupTool.RunAsync(scenario.Settings, "sync-objects");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(6, Copied(first, scenario.DocumentsBucket).GetProperty("Copied").GetInt64());

        // The same size, other bytes; a deletion; a new object.
        await BackupScenario.PutAsync(scenario.S3, scenario.DocumentsBucket, "ideas/a/documents/0", TestFiles.Pdf("Plan X"), "application/pdf");
        await scenario.S3.DeleteObjectAsync(scenario.DocumentsBucket, "ideas/a/documents/1");
        await BackupScenario.PutAsync(scenario.S3, scenario.DocumentsBucket, "ideas/a/documents/5", TestFiles.Pdf("Plan 5"), "application/pdf");
        var second = await BackupTool.RunAsync(scenario.Settings, "sync-objects");

        Assert.True(second.ExitCode == 0, second.ToString());
        var copied = Copied(second, scenario.DocumentsBucket);
        Assert.Equal(2, copied.GetProperty("Copied").GetInt64());
        Assert.Equal(4, copied.GetProperty("Skipped").GetInt64());
        var source = await BackupScenario.ObjectsAsync(scenario.S3, scenario.DocumentsBucket);
        var backup = await BackupScenario.ObjectsAsync(scenario.S3, scenario.BackupBucket, $"objects/{scenario.DocumentsBucket}/");
        Assert.Equal(source.Keys.Append("ideas/a/documents/1").Order(StringComparer.Ordinal), backup.Keys);
        Assert.All(source, entry => Assert.Equal(entry.Value, backup[entry.Key]));
    }

    [Fact]
    public async Task Objects_on_another_object_store_are_streamed_into_the_backup_and_back()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        await using var otherServer = await LocalServer.StartS3Async();
        using var other = S3Clients.Create(BackupScenario.Connection(otherServer.Url), "test", maxErrorRetry: 2);
        const string bucket = "documents";
        await other.PutBucketAsync(bucket);
        await BackupScenario.PutAsync(other, bucket, "ideas/a/documents/small", TestFiles.Pdf("Small"), "application/pdf");
        await BackupScenario.PutMultipartAsync(other, bucket, "ideas/a/documents/large", TestFiles.RandomBytes(6 * 1024 * 1024, seed: 2));
        var before = await BackupScenario.ObjectsAsync(other, bucket);
        var settings = scenario.Settings;
        settings.Remove("Backup:Objects:SourceBuckets:1");
        settings["Backup:Objects:SourceBuckets:0"] = bucket;
        BackupScenario.AddStorage(settings, "Backup:Objects:SourceStorage", otherServer.Url);

        var sync = await BackupTool.RunAsync(settings, "sync-objects");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Equal(before, await BackupScenario.ObjectsAsync(scenario.S3, scenario.BackupBucket, $"objects/{bucket}/"));

        await BackupScenario.EmptyBucketAsync(other, bucket);
        var restore = await BackupTool.RunAsync(settings, "restore-objects", "--bucket", bucket);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(before, await BackupScenario.ObjectsAsync(other, bucket));
    }

    [Fact]
    public async Task A_missing_source_bucket_fails_the_sync_but_the_other_buckets_are_still_copied()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        await BackupScenario.PutAsync(scenario.S3, scenario.QuarantineBucket, "ideas/a/documents/infected", TestFiles.Eicar());
        var settings = scenario.Settings;
        settings["Backup:Objects:SourceBuckets:0"] = $"missing-{Guid.NewGuid():N}";

        var sync = await BackupTool.RunAsync(settings, "sync-objects");

        Assert.Equal(1, sync.ExitCode);
        Assert.Contains("does not exist", sync.Output, StringComparison.Ordinal);
        Assert.Single(await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, $"objects/{scenario.QuarantineBucket}/"));
    }

    private static JsonElement Copied(BackupTool.Run run, string sourceBucket) =>
        Assert.Single(run.Events(BackupEvents.BucketCopied), copy => copy.GetProperty("SourceBucket").GetString() == sourceBucket);
}
