using Ideation.Testing;
using Npgsql;

namespace Ideation.Backup.Tests;

public sealed class FailedDumpTests
{
    [Fact]
    public async Task A_database_pg_dump_cannot_log_in_to_fails_the_run_clearly_stores_nothing_and_never_shows_the_password()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        await scenario.AddDatabaseAsync("good");
        // The test server trusts every login, so a wrong password alone would still get in: a role
        // that does not exist makes pg_dump fail the same way, at login, before writing a byte.
        const string password = "never-print-this-password-7f3a";
        var refused = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString)
        {
            Username = $"nobody_{Guid.NewGuid():N}",
            Password = password,
            Database = "postgres",
        };
        scenario.AddDatabaseSetting("refused", refused.ConnectionString);

        var backup = await BackupTool.RunAsync(scenario.Settings, "backup-database");

        Assert.Equal(1, backup.ExitCode);
        var failure = Assert.Single(backup.Events(BackupEvents.DumpFailed));
        Assert.Equal("refused", failure.GetProperty("Database").GetString());
        var reason = failure.GetProperty("Reason").GetString()!;
        Assert.Contains("pg_dump exited with code 1", reason, StringComparison.Ordinal);
        Assert.Contains($"role \"{refused.Username}\" does not exist", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(password, backup.Output, StringComparison.Ordinal);

        Assert.Empty(await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, "postgres/refused/"));
        // The other database is still backed up.
        Assert.Single(await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, "postgres/good/"));
    }

    [Fact]
    public async Task A_pg_dump_that_fails_after_streaming_parts_aborts_the_upload_and_stores_nothing()
    {
        await using var scenario = await BackupScenario.CreateAsync();
        var connectionString = await scenario.AddDatabaseAsync("midway");
        var role = $"backup_probe_{Guid.NewGuid():N}";
        await DatabaseContents.ExecuteAsync(PostgresServer.AdminConnectionString, $"CREATE ROLE {role} LOGIN");
        try
        {
            // pg_dump copies table data in name order: 7 MiB of incompressible rows first (more than
            // one 5 MiB part, so the multipart upload has begun), then a table whose rows it may not
            // read with row security forced on its owner, where it fails.
            var asRole = new NpgsqlConnectionStringBuilder(connectionString) { Username = role }.ConnectionString;
            await DatabaseContents.ExecuteAsync(connectionString, $"GRANT ALL ON SCHEMA public TO {role}");
            await DatabaseContents.ExecuteAsync(asRole, "CREATE TABLE a_bulk (content bytea); CREATE TABLE z_guarded (id int)");
            for (var row = 0; row < 7; row++)
            {
                await DatabaseContents.ExecuteAsync(asRole, "INSERT INTO a_bulk VALUES (@content)",
                    new NpgsqlParameter("content", TestFiles.RandomBytes(1024 * 1024, seed: row)));
            }

            await DatabaseContents.ExecuteAsync(asRole,
                "INSERT INTO z_guarded VALUES (1); ALTER TABLE z_guarded ENABLE ROW LEVEL SECURITY; ALTER TABLE z_guarded FORCE ROW LEVEL SECURITY");
            var settings = scenario.Settings;
            settings["Backup:Databases:midway"] = asRole;
            settings["Backup:PartSizeBytes"] = (5 * 1024 * 1024).ToString();

            var backup = await BackupTool.RunAsync(settings, "backup-database");

            Assert.Equal(1, backup.ExitCode);
            var reason = Assert.Single(backup.Events(BackupEvents.DumpFailed)).GetProperty("Reason").GetString()!;
            Assert.Contains("z_guarded", reason, StringComparison.Ordinal);
            Assert.Empty(await BackupScenario.KeysAsync(scenario.S3, scenario.BackupBucket, "postgres/"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
            await DatabaseContents.ExecuteAsync(PostgresServer.AdminConnectionString, $"DROP ROLE {role}");
        }
    }
}
