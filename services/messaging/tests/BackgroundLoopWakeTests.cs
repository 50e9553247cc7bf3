using Microsoft.Extensions.Logging.Abstractions;

namespace Ideation.Messaging.Tests;

/// <summary>Wake runs a loop's next pass now instead of after its interval, here an hour.</summary>
public sealed class BackgroundLoopWakeTests
{
    [Fact]
    public async Task A_wake_up_brings_the_next_pass_without_waiting_for_the_interval()
    {
        using var loop = new CountingLoop();
        await loop.StartAsync(CancellationToken.None);
        await loop.FirstPassEnded;

        loop.Wake();

        await loop.PassStarted(2);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_wake_up_during_a_pass_brings_one_more_pass_after_it()
    {
        using var loop = new CountingLoop();
        var firstPass = loop.HoldPass(1);
        await loop.StartAsync(CancellationToken.None);
        await loop.PassStarted(1);

        // The work for the wake-up was committed after the running pass looked: it needs another pass.
        loop.Wake();
        firstPass.SetResult();

        await loop.PassStarted(2);
        await loop.StopAsync(CancellationToken.None);
    }

    private sealed class CountingLoop() : BackgroundLoop(TimeProvider.System, NullLogger.Instance)
    {
        private readonly Dictionary<int, TaskCompletionSource> _started = [];
        private readonly Dictionary<int, TaskCompletionSource> _held = [];
        private readonly Lock _gate = new();
        private int _passes;

        protected override string Name => "counting";

        protected override TimeSpan Interval => TimeSpan.FromHours(1);

        /// <summary>Completes when pass <paramref name="number"/> has started; fails the test after a minute, which only a missing pass needs.</summary>
        public Task PassStarted(int number) => Signal(_started, number).Task.WaitAsync(TimeSpan.FromMinutes(1));

        /// <summary>Pass <paramref name="number"/> waits until the returned source is completed.</summary>
        public TaskCompletionSource HoldPass(int number) => Signal(_held, number);

        protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref _passes);
            Signal(_started, number).TrySetResult();
            TaskCompletionSource? hold;
            lock (_gate)
            {
                _held.TryGetValue(number, out hold);
            }

            if (hold is not null)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            return false;
        }

        private TaskCompletionSource Signal(Dictionary<int, TaskCompletionSource> signals, int number)
        {
            lock (_gate)
            {
                if (!signals.TryGetValue(number, out var signal))
                {
                    signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    signals[number] = signal;
                }

                return signal;
            }
        }
    }
}
