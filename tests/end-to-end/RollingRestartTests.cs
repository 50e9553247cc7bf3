using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// Graceful shutdown and rolling restarts with the real processes: two instances of ideas and of
/// documents behind the gateway, restarted one at a time (SIGTERM, wait for the exit, start again)
/// while a mixed load runs through the gateway; then the gateway itself.
/// </summary>
public sealed partial class RollingRestartTests(TwoInstancePlatform platform, ITestOutputHelper output) : IClassFixture<TwoInstancePlatform>
{
    // Callers leave an instance as it starts draining: the gateway by its health probes, the services'
    // balanced channels by gRPC health; a call refused unprocessed is sent again (docs/reliability.md,
    // "Graceful shutdown and rolling restarts").
    [Fact]
    public async Task Restarting_each_instance_in_turn_under_load_fails_no_request_and_loses_no_write()
    {
        await using var load = await MixedLoad.StartAsync(platform, workers: 4);
        await load.WaitForSuccessesAsync(20);

        foreach (var instance in new[] { platform.Ideas, platform.Ideas2!, platform.Documents, platform.Documents2! })
        {
            await instance.StopAsync();
            Assert.Equal(0, instance.ExitCode);
            Assert.Contains("Shutting down: not ready from now", instance.ReadLog(), StringComparison.Ordinal);

            await instance.StartAsync();
            // Ready again; the gateway notices at its next probes and the services' balanced channels at
            // their next health check, before the next instance may go.
            await Task.Delay(Platform.HealthProbeInterval * 4 + TimeSpan.FromSeconds(2));
            var before = load.Succeeded;
            await load.WaitForSuccessesAsync(before + 20);
        }

        await load.StopAsync();
        output.WriteLine($"{load.Succeeded} requests succeeded, {load.Failures.Count} failed, while 4 instances restarted in turn");
        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} requests failed:\n{string.Join("\n", load.Failures.Take(20))}");
        Assert.NotEmpty(load.AcknowledgedIdeas);
        Assert.NotEmpty(load.AcknowledgedDocuments);
        await load.AssertAcknowledgedWritesPresentAsync();
    }

    [Fact]
    public async Task Restarting_the_gateway_under_load_fails_only_requests_it_did_not_take_and_only_as_unavailable()
    {
        await using var load = await MixedLoad.StartAsync(platform, workers: 4);
        await load.WaitForSuccessesAsync(20);

        await platform.Gateway.StopAsync();
        Assert.Equal(0, platform.Gateway.ExitCode);
        await platform.Gateway.StartAsync();
        var before = load.Succeeded;
        await load.WaitForSuccessesAsync(before + 20);
        await load.StopAsync();

        // Requests sent while no gateway listened were refused (a client sees UNAVAILABLE, or a refused
        // connection it may retry); a request the gateway took was answered in full, or, only when it
        // outlasted the drain timeout, as UNAVAILABLE.
        var other = load.Failures.Where(failure => !Retryable().IsMatch(failure)).ToList();
        Assert.True(other.Count == 0, $"failures other than UNAVAILABLE:\n{string.Join("\n", other.Take(20))}");
        await load.AssertAcknowledgedWritesPresentAsync();
    }

    [GeneratedRegex(@": (gRPC Unavailable|connection ConnectionError|HTTP 503 .*""code"": ?14)")]
    private static partial Regex Retryable();
}
