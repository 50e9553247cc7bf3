using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ideation.ServiceDefaults.Shutdown;

/// <summary>
/// The first step of a graceful shutdown. The host calls StoppingAsync of lifecycle services before it
/// stops any hosted service, Kestrel included: readiness turns false here, and Kestrel keeps accepting
/// for <see cref="HostingOptions.ShutdownDelay"/> while routers notice. Then the host stops Kestrel,
/// which refuses new connections, sends HTTP/2 GOAWAY, and waits for in-flight requests until the
/// host's shutdown timeout (<see cref="HostingOptions.DrainTimeout"/> later).
/// </summary>
internal sealed partial class ShutdownDrain(DrainState state, IOptions<HostingOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDraining();
        var delay = options.Value.ShutdownDelay;
        LogDraining(logger, delay.TotalSeconds, options.Value.DrainTimeout.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout ran out already: stop at once.
            }
        }

        // The drain begins now: leave a moment before its end to answer what is still in flight.
        var drain = options.Value.DrainTimeout;
        state.ExpireAfter(drain - TimeSpan.FromMilliseconds(Math.Min(1000, drain.TotalMilliseconds / 4)));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Shutting down: not ready from now, accepting for {DelaySeconds} s more, then draining in-flight work for up to {DrainSeconds} s")]
    private static partial void LogDraining(ILogger logger, double delaySeconds, double drainSeconds);
}
