using System.Diagnostics;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Contracts;

/// <summary>The protos follow buf's STANDARD and COMMENTS rules (protos/buf.yaml).</summary>
public sealed class BufLintTests
{
    [Fact]
    public async Task Protos_pass_buf_lint()
    {
        var buf = Environment.GetEnvironmentVariable("IDEATION_BUF") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("IDEATION_BUF is not set. Run the tests with scripts/test.sh, which installs buf and sets it.");
        var protos = Path.Combine(RepositoryRoot.Path, "protos");

        using var process = Process.Start(new ProcessStartInfo(buf, "lint")
        {
            WorkingDirectory = protos,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"buf lint failed:\n{output}{errors}");
    }
}
