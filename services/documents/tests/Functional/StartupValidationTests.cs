using Ideation.Testing;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Tests.Functional;

/// <summary>Settings the service refuses to start with, before it takes any traffic.</summary>
public sealed class StartupValidationTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    [Theory]
    [InlineData("--Documents:Upload:MaxBytes=20971520", "ScannerStreamLimitBytes")]
    [InlineData("--Documents:Upload:MaxBytes=30000000", "StreamMaxLength")]
    [InlineData("--Documents:Storage:PresignedUrlLifetime=00:10:00", "PresignedUrlLifetime")]
    [InlineData("--Documents:Storage:QuarantineBucket=same-bucket", "QuarantineBucket")]
    public async Task The_service_refuses_to_start_with_inconsistent_settings(string setting, string named)
    {
        string[] ports = [$"--Hosting:ServicePort={FreePort.Next()}", $"--Hosting:ManagementPort={FreePort.Next()}"];
        string[] arguments = setting.Contains("QuarantineBucket")
            ? [.. service.DocumentsArguments(), .. ports, "--Documents:Storage:Bucket=same-bucket", setting]
            : [.. service.DocumentsArguments(), .. ports, setting];
        await using var host = DocumentsHost.Create(arguments);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message);
    }
}
