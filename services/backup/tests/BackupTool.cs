using System.Reflection;
using System.Text.Json;
using Ideation.Testing;

namespace Ideation.Backup.Tests;

/// <summary>
/// The built backup tool, run as the CronJob runs it: <c>dotnet Ideation.Backup.dll &lt;command&gt;</c>
/// with its settings in environment variables (<c>Backup__Bucket</c>, ...).
/// </summary>
public static class BackupTool
{
    private static readonly string BuildConfiguration = typeof(BackupTool).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildConfiguration").Value!;

    private static string AssemblyPath =>
        Path.Combine(RepositoryRoot.Path, "services", "backup", "src", "bin", BuildConfiguration, "net10.0", "Ideation.Backup.dll");

    /// <summary>Runs a command with settings given as configuration keys (<c>Backup:Bucket</c>).</summary>
    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var environment = settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        var result = await DotnetProgram.RunAsync(AssemblyPath, arguments, environment, TimeSpan.FromMinutes(5));
        return new Run(result);
    }

    public sealed class Run(DotnetProgram.Result result)
    {
        public int ExitCode => result.ExitCode;

        /// <summary>Everything it printed, for assertions on secrets and for failure messages.</summary>
        public string Output => result.StandardOutput + result.StandardError;

        /// <summary>Its JSON log lines.</summary>
        public IReadOnlyList<JsonElement> LogLines { get; } = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

        /// <summary>The <c>State</c> of every line with the given event id (see BackupLog).</summary>
        public IReadOnlyList<JsonElement> Events(int eventId) =>
            LogLines.Where(line => line.GetProperty("EventId").GetInt32() == eventId).Select(line => line.GetProperty("State")).ToList();

        public override string ToString() => result.ToString();
    }
}
