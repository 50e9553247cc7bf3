using Grpc.Net.Client;
using Ideation.Contracts.Scanner.V1;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;

namespace Ideation.Scanner.Tests;

/// <summary>The scanner service on real Kestrel sockets, in front of the real clamd of the test command.</summary>
public sealed class ScannerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public int ServicePort { get; } = FreePort.Next();
    public int ManagementPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        var clamd = ClamdServer.Options();
        _app = Start(ServicePort, ManagementPort, clamd.Host, clamd.Port);
        await _app.StartAsync();
    }

    /// <summary>A scanner host with its own ports and clamd address; the caller starts and disposes it.</summary>
    public static WebApplication Start(int servicePort, int managementPort, string clamdHost, int clamdPort) =>
        ScannerHost.Create(
        [
            "--environment=Production",
            "--Logging:LogLevel:Default=Warning",
            "--Hosting:BindAddress=127.0.0.1",
            $"--Hosting:ServicePort={servicePort}",
            $"--Hosting:ManagementPort={managementPort}",
            $"--Scanner:Clamd:Host={clamdHost}",
            $"--Scanner:Clamd:Port={clamdPort}",
            // The gRPC API alone: the job worker has its own tests (Jobs/).
            "--Scanner:Jobs:Enabled=false",
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
        ]);

    public ScannerService.ScannerServiceClient Client(out GrpcChannel channel)
    {
        channel = TestChannels.ForAddress($"http://127.0.0.1:{ServicePort}");
        return new ScannerService.ScannerServiceClient(channel);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
