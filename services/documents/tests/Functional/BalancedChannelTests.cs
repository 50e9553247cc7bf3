using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Resilience;
using Ideation.ServiceDefaults.Shutdown;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// Documents' balanced channel to several ideas instances (ServiceChannels) while one of them restarts
/// gracefully, over real HTTP/2 sockets: each stand-in instance runs the platform's drain (SIGTERM's
/// path: gRPC health NOT_SERVING at once, serving on for Hosting:ShutdownDelay, then Kestrel stops),
/// and answers with its own name, so the test sees which instance served each call.
/// </summary>
public sealed class BalancedChannelTests : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownDelay = TimeSpan.FromSeconds(3);

    private readonly int[] _ports = [FreePort.Next(), FreePort.Next()];
    private readonly WebApplication?[] _instances = new WebApplication?[2];

    [Fact]
    public async Task An_instance_that_drains_is_left_before_it_stops_listening_and_used_again_once_it_serves()
    {
        await StartAsync(0);
        await StartAsync(1);
        using var channel = ServiceChannels.Create(_ports.Select(port => $"http://127.0.0.1:{port}").ToList(), new GrpcChannelOptions());
        await using var load = new CallLoad(new IdeaService.IdeaServiceClient(channel));
        await load.WaitUntilServedByAsync("instance-0");
        await load.WaitUntilServedByAsync("instance-1");

        // The whole graceful stop of instance 0 (drain, then Kestrel's stop) while calls keep coming.
        await _instances[0]!.StopAsync();
        await _instances[0]!.DisposeAsync();
        _instances[0] = null;
        var servedDuringStop = load.Served.Count;
        await load.WaitUntilServedByAsync("instance-1", after: servedDuringStop + 20);

        await StartAsync(0);
        await load.WaitUntilServedByAsync("instance-0", after: load.Served.Count);
        var failures = await load.StopAsync();

        Assert.True(failures.Count == 0, $"{failures.Count} calls failed:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact]
    public async Task When_no_instance_serves_calls_still_go_out_and_get_the_services_own_answer()
    {
        await StartAsync(0, serving: false);
        await StartAsync(1, serving: false);
        using var channel = ServiceChannels.Create(_ports.Select(port => $"http://127.0.0.1:{port}").ToList(), new GrpcChannelOptions());
        var client = new IdeaService.IdeaServiceClient(channel);

        // Past the first health checks, which find no instance serving.
        var servedBy = new HashSet<string>();
        for (var call = 0; call < 40 && servedBy.Count < 2; call++)
        {
            servedBy.Add((await client.GetIdeaAsync(new GetIdeaRequest { Name = "ideas/any" }, deadline: DateTime.UtcNow.AddSeconds(30))).Title);
            await Task.Delay(ServiceChannels.HealthCheckInterval / 4);
        }

        Assert.Equal(["instance-0", "instance-1"], servedBy.Order());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private async Task StartAsync(int index, bool serving = true)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _ports[index], listen => listen.Protocols = HttpProtocols.Http2));
        builder.Configuration[$"{HostingOptions.Section}:ShutdownDelay"] = ShutdownDelay.ToString();
        builder.Configuration[$"{HostingOptions.Section}:DrainTimeout"] = "00:00:10";
        builder.Services.AddSingleton(new InstanceName($"instance-{index}"));
        builder.Services.AddGrpc();
        var health = builder.Services.AddGrpcHealthChecks(options =>
        {
            options.Services.Clear();
            options.Services.Map("", check => check.Tags.Contains(ManagementEndpoints.RequiredTag));
        }).AddGracefulShutdown();
        if (!serving)
        {
            // A required dependency that is down: not ready, yet the instance answers what it can.
            health.AddCheck("dependency", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("down"), [ManagementEndpoints.RequiredTag]);
        }

        var app = builder.Build();
        app.MapGrpcService<NamedIdeas>();
        app.MapGrpcHealthChecksService();
        await app.StartAsync();
        _instances[index] = app;
    }

    public sealed record InstanceName(string Value);

    public sealed class NamedIdeas(InstanceName name) : IdeaService.IdeaServiceBase
    {
        public override Task<Idea> GetIdea(GetIdeaRequest request, ServerCallContext context) =>
            Task.FromResult(new Idea { Name = request.Name, Title = name.Value });
    }

    /// <summary>Two callers calling GetIdea back to back, recording who answered and what failed.</summary>
    private sealed class CallLoad : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _callers;

        public CallLoad(IdeaService.IdeaServiceClient client) =>
            _callers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() => CallAsync(client)))];

        public ConcurrentQueue<string> Served { get; } = new();
        public ConcurrentQueue<string> Failures { get; } = new();

        /// <summary>Waits (generously: the machine may be loaded) for a call answered by <paramref name="instance"/>, past the first <paramref name="after"/>.</summary>
        public async Task WaitUntilServedByAsync(string instance, int after = 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!Served.Skip(after).Contains(instance))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no call was served by {instance} within 90 s; failures:\n{string.Join("\n", Failures.Take(10))}");
                await Task.Delay(50);
            }
        }

        public async Task<IReadOnlyCollection<string>> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_callers);
            return Failures;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }

        private async Task CallAsync(IdeaService.IdeaServiceClient client)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var idea = await client.GetIdeaAsync(new GetIdeaRequest { Name = "ideas/any" }, deadline: DateTime.UtcNow.AddSeconds(30));
                    Served.Enqueue(idea.Title);
                }
                catch (RpcException exception)
                {
                    Failures.Enqueue($"{exception.StatusCode}: {exception.Status.Detail}");
                }

                await Task.Delay(10);
            }
        }
    }
}
