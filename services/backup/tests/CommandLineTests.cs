namespace Ideation.Backup.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Settings_that_cannot_work_are_all_reported_before_anything_runs()
    {
        var run = await BackupTool.RunAsync(new Dictionary<string, string> { ["Backup:Keep"] = "0", ["Backup:Storage:AccessKey"] = "key" }, "backup-database");

        Assert.Equal(2, run.ExitCode);
        var problems = run.Events(BackupEvents.InvalidSettings).Select(line => line.GetProperty("Problem").GetString()!).ToList();
        Assert.Contains(problems, problem => problem.StartsWith("Backup:Bucket", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Backup:Keep", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Backup:Storage:AccessKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_without_a_database_name_is_refused_with_the_usage()
    {
        var run = await BackupTool.RunAsync(new Dictionary<string, string>(), "restore-database");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs --name", run.Output, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
    }
}
