using System.Diagnostics;

namespace Ideation.Bench.Harness;

/// <summary>
/// Builds a project of the repository in Release and says where its output is, so that a scenario
/// measures the code as it is now (an unchanged project builds in seconds, doing nothing).
/// </summary>
public static class ReleaseBuild
{
    /// <param name="projectDirectory">Relative to the repository root, e.g. gateway/src.</param>
    /// <returns>The folder holding the built program (bin/Release/net10.0).</returns>
    public static async Task<string> BuildAsync(string projectDirectory)
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", Path.Combine(root, projectDirectory), "-c", "Release", "-v", "q", "-nologo", "-clp:ErrorsOnly" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {projectDirectory} failed:\n{await output}{await errors}");
        }

        return Path.Combine(root, projectDirectory, "bin", "Release", "net10.0");
    }
}
