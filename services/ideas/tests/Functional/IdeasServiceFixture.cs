using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Persistence;
using Ideation.Messaging;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// The ideas service as it runs in production: IdeasHost on real Kestrel sockets (h2c service port,
/// HTTP/1.1 management port) over a database of its own, migrated by the migrate code path.
/// One per test class; tests keep apart by using users, tags and words of their own. Subclasses add
/// settings.
/// </summary>
public class IdeasServiceFixture : IAsyncLifetime
{
    private WebApplication? host;
    private GrpcChannel? channel;

    public string ConnectionString { get; private set; } = "";
    public int ServicePort { get; } = FreePort.Next();
    public int ManagementPort { get; } = FreePort.Next();

    /// <summary>The stream this fixture's service publishes its events to, on the shared Redis.</summary>
    public string EventsStream { get; } = $"ideation:idea-events:{Guid.NewGuid():N}";

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("ideas_tests");
        await IdeasDatabase.MigrateAsync(ConnectionString, CancellationToken.None);
        host = IdeasHost.Create([.. Arguments(ConnectionString, ServicePort, ManagementPort), $"--Ideas:Events:Stream={EventsStream}", .. ExtraArguments()]);
        await host.StartAsync();
        // Every loop runs a pass as the host starts: a test that runs passes of its own starts after it.
        await Task.WhenAll(host.Services.GetServices<IHostedService>().OfType<BackgroundLoop>().Select(loop => loop.FirstPassEnded));
        channel = TestChannels.ForAddress($"http://127.0.0.1:{ServicePort}");
    }

    /// <summary>A client that calls as <paramref name="user"/>, or anonymously.</summary>
    public IdeaService.IdeaServiceClient As(TestUser? user)
    {
        var invoker = channel!.CreateCallInvoker();
        return new IdeaService.IdeaServiceClient(user is null
            ? invoker
            : invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {user.Token}");
                return metadata;
            }));
    }

    public GrpcChannel Channel => channel!;

    /// <summary>The running service's services.</summary>
    public IServiceProvider Services => host!.Services;

    /// <summary>Settings a subclass adds or overrides (later arguments win), as <c>--Key=Value</c>.</summary>
    protected virtual IEnumerable<string> ExtraArguments() => [];

    public HttpClient ManagementClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    /// <summary>Production environment, loopback ports, test tokens, the shared Redis and the given database.</summary>
    public static string[] Arguments(string connectionString, int servicePort, int managementPort) =>
    [
        "--environment=Production",
        "--Hosting:BindAddress=127.0.0.1",
        $"--Hosting:ServicePort={servicePort}",
        $"--Hosting:ManagementPort={managementPort}",
        $"--ConnectionStrings:Ideas={connectionString}",
        $"--Ideas:Events:Redis={SharedServers.Redis}",
        "--Logging:LogLevel:Default=Warning",
        .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
    ];

    public virtual async Task DisposeAsync()
    {
        channel?.Dispose();
        if (host is not null)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }
}
