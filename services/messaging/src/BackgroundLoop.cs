using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ideation.Messaging;

/// <summary>
/// A background loop that moves work along (an outbox relay, a reconciler, a sweeper, a consumer).
/// It runs a pass, runs the next one at once while passes stop at a full batch (work is waiting),
/// and otherwise waits its interval. A failing pass (Redis, PostgreSQL or storage down) is logged and
/// retried after a growing, jittered delay: a dependency outage slows the loop down but never stops
/// it, and never stops the host. <see cref="Wake"/> ends the interval early: whoever has just
/// committed work for the loop need not wait for the next poll (the interval stays, for work from
/// elsewhere).
/// </summary>
public abstract partial class BackgroundLoop(TimeProvider clock, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Armed before each pass, so that a wake-up during a pass brings the next one at once.</summary>
    private readonly WakeSignal _wake = new();

    protected TimeProvider Clock { get; } = clock;

    /// <summary>
    /// Completes when the pass the loop runs as the host starts has ended, well or not (or the loop
    /// stopped first). Whoever runs passes by hand waits for it, so that the two never overlap: rows
    /// one pass has locked, the other skips.
    /// </summary>
    public Task FirstPassEnded => _firstPass.Task;

    protected ILogger Logger { get; } = logger;

    /// <summary>The loop's name in logs.</summary>
    protected abstract string Name { get; }

    /// <summary>The pause after a pass that found no more work than one batch.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; true when it stopped at a full batch, so that more work is likely waiting.</summary>
    protected abstract Task<bool> RunPassAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs the next pass now instead of after the interval (a failing loop keeps its back-off).
    /// Cheap and safe from any thread: wake-ups while a pass runs merge into one more pass.
    /// </summary>
    public void Wake() => _wake.Raise();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        finally
        {
            _firstPass.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first pass touches a dependency.
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            Task? wake = _wake.Arm();
            try
            {
                var moreWaiting = await RunPassAsync(stoppingToken);
                _firstPass.TrySetResult();
                failures = 0;
                if (moreWaiting)
                {
                    continue;
                }

                delay = Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _firstPass.TrySetResult();
                failures++;
                delay = RetryDelay(failures);
                LoopFailed(Logger, exception, Name, failures, delay);
                // A dependency is down: a wake-up must not cut the back-off short.
                wake = null;
            }

            try
            {
                await (wake is null ? Task.Delay(delay, Clock, stoppingToken) : WakeSignal.PauseAsync(delay, wake, Clock, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Doubles from one second to thirty, with ±20 % jitter so that replicas do not retry in step.</summary>
    private static TimeSpan RetryDelay(int failures)
    {
        var exponential = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = exponential < MaxRetryDelay ? exponential : MaxRetryDelay;
        return capped * (0.8 + 0.4 * Random.Shared.NextDouble());
    }

    [LoggerMessage(100, LogLevel.Warning, "{Loop} failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void LoopFailed(ILogger logger, Exception exception, string loop, int failures, TimeSpan delay);
}
