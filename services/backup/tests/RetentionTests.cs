namespace Ideation.Backup.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Each_backup_keeps_exactly_the_newest_Keep_dumps_of_its_database_and_nothing_else_is_deleted()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        await scenario.AddDatabaseAsync("alpha");
        await scenario.AddDatabaseAsync("alpha-archive");
        var settings = scenario.Settings;
        settings["Backup:Keep"] = "2";
        settings["Backup:Prefix"] = "production";
        const string foreignFile = "production/postgres/alpha/README.txt";
        await BackupScenario.PutAsync(scenario.S3, scenario.BackupBucket, foreignFile, "not a dump"u8.ToArray());

        var stored = new List<string>();
        for (var run = 1; run <= 4; run++)
        {
            var backup = await BackupTool.RunAsync(settings, "backup-database");
            Assert.True(backup.ExitCode == 0, backup.ToString());
            stored.AddRange(backup.Events(BackupEvents.DumpStored)
                .Where(dump => dump.GetProperty("Database").GetString() == "alpha")
                .Select(dump => dump.GetProperty("Key").GetString()!));
            if (run == 4)
            {
                Assert.Single(backup.Events(BackupEvents.DumpDeleted), deleted => deleted.GetProperty("Database").GetString() == "alpha");
            }
        }

        Assert.Equal(4, stored.Distinct().Count());
        Assert.Equal([.. stored.TakeLast(2), foreignFile], await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, "production/postgres/alpha/"));
        Assert.Equal(2, (await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, "production/postgres/alpha-archive/")).Count);
    }
}
