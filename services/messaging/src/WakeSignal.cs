namespace Ideation.Messaging;

/// <summary>
/// Ends a pause early when new work is announced. Whoever waits arms the signal before looking for
/// work (<see cref="Arm"/>) and pauses on what it armed, so that an announcement made while it looks
/// is not lost: the pause after that look ends at once. Waiters may share one signal.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _current = New();

    /// <summary>Wakes every waiter, and the next pause of whoever armed before now. Cheap, from any thread.</summary>
    public void Raise() => Volatile.Read(ref _current).TrySetResult();

    /// <summary>What to pause on after the coming look for work: a fresh signal, unless the current one is still unraised.</summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _current);
        if (!current.Task.IsCompleted)
        {
            return current.Task;
        }

        var fresh = New();
        var raced = Interlocked.CompareExchange(ref _current, fresh, current);
        return (raced == current ? fresh : raced).Task;
    }

    /// <summary>Waits <paramref name="delay"/>, or less when <paramref name="armed"/> (from <see cref="Arm"/>) is raised first.</summary>
    public static async Task PauseAsync(TimeSpan delay, Task armed, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, clock, pause.Token);
        if (await Task.WhenAny(timer, armed) == armed)
        {
            await pause.CancelAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
