using System.ComponentModel;
using System.Diagnostics;
using Ideation.Testing;

namespace Ideation.Deploy.Tests;

/// <summary>Runs Prometheus' promtool, found on PATH, from deploy/prometheus.</summary>
internal static class Promtool
{
    public static string PrometheusFolder { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus");

    /// <summary>Runs promtool and fails the test, with everything promtool printed, unless it succeeds.</summary>
    public static async Task AssertSucceedsAsync(params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(arguments);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = PrometheusFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "promtool is not on PATH. scripts/test.sh installs it (Debian package prometheus); or: apt-get install prometheus.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
    }
}
