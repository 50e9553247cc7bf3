using System.Diagnostics;

namespace Ideation.Bench.Listing;

/// <summary>Runs a command line through bash and fails loudly with its output when it fails.</summary>
internal static class Shell
{
    public static async Task RunAsync(string command, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>As the postgres user when running as root: initdb and pg_ctl refuse root.</summary>
    public static string AsPostgres(string command) =>
        Environment.UserName == "root" ? $"su postgres -s /bin/bash -c {Quote(command)}" : command;

    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
