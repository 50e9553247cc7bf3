using System.Collections.Concurrent;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// Carries finished log lines from any number of logging threads to one writer thread, which writes
/// everything queued with one write per batch (up to <see cref="BatchBytes"/>) and writes as soon as
/// the queue is empty, so that a line is never held back waiting for more.
/// Why not .NET's console logger processor: it takes one lock per line, pulses its writer thread for
/// every line (a context switch per line on a busy core) and makes one write syscall per line; under
/// load most of the ideas service's request threads' time was spent waiting for that lock. Here a
/// logging thread takes no lock: it enqueues on a lock-free queue and wakes the writer only when the
/// writer sleeps. Bounded: past <c>capacity</c> lines a logging thread waits for room, as .NET's does;
/// no line is dropped.
/// </summary>
internal sealed class BatchedLineWriter : IDisposable
{
    public const int DefaultCapacity = 10_000;

    /// <summary>The most one write carries, unless a single line is longer.</summary>
    public const int BatchBytes = 64 * 1024;

    /// <summary>How long disposal waits for the writer to write what was queued (a stuck reader of standard output must not hang shutdown).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly Stream _output;
    private readonly int _capacity;
    private readonly byte[] _batch = new byte[BatchBytes];
    private readonly SemaphoreSlim _wakeWriter = new(0);
    // An object, not a Lock: logging threads wait on its monitor (Monitor.Wait) when the queue is full.
    private readonly object _room = new();
    private readonly Lock _writing = new();
    private readonly Thread _writer;

    // Lines queued and not yet written: the bound, and what a waiting logging thread watches.
    private int _queued;

    // 1 while the writer sleeps (or is about to). Whoever swaps it back to 0 owns the wake-up.
    private int _writerIdle;
    private int _waitingForRoom;
    private int _stopped;
    private long _failedWrites;

    public BatchedLineWriter(Stream output, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _output = output;
        _capacity = capacity;
        _writer = new Thread(WriteUntilStopped) { IsBackground = true, Name = "Console log writer" };
        _writer.Start();
    }

    /// <summary>Writes that threw (their lines are lost; the writer carries on with the next batch).</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>Logging threads waiting because <c>capacity</c> lines are queued.</summary>
    public int WaitingForRoom => Volatile.Read(ref _waitingForRoom);

    private bool Stopped => Volatile.Read(ref _stopped) == 1;

    /// <summary>Queues <paramref name="line"/> (without its newline), copied: the caller may reuse its buffer at once.</summary>
    public void Write(ReadOnlySpan<byte> line)
    {
        if (Volatile.Read(ref _queued) >= _capacity && !Stopped)
        {
            WaitForRoom();
        }

        var copy = new byte[line.Length + 1];
        line.CopyTo(copy);
        copy[^1] = (byte)'\n';
        Interlocked.Increment(ref _queued);
        _queue.Enqueue(copy);

        // The enqueue is an interlocked operation (a full fence on the queue's tail), so this read
        // cannot see a stale 0 while the writer has already checked the queue and found it empty:
        // either the writer sees this line, or this thread sees it asleep and wakes it.
        if (Volatile.Read(ref _writerIdle) == 1 && Interlocked.CompareExchange(ref _writerIdle, 0, 1) == 1)
        {
            _wakeWriter.Release();
        }

        if (Stopped)
        {
            // Disposed, or being disposed: the writer thread may be gone, so write what is left here.
            WriteQueued();
        }
    }

    /// <summary>Writes every line queued so far, then stops the writer; lines written later are written by their caller.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        lock (_room)
        {
            Monitor.PulseAll(_room);
        }

        if (Interlocked.CompareExchange(ref _writerIdle, 0, 1) == 1)
        {
            _wakeWriter.Release();
        }

        if (_writer.Join(StopTimeout))
        {
            // A line queued as the writer left.
            WriteQueued();
        }
    }

    private void WaitForRoom()
    {
        Interlocked.Increment(ref _waitingForRoom);
        try
        {
            lock (_room)
            {
                while (Volatile.Read(ref _queued) >= _capacity && !Stopped)
                {
                    Monitor.Wait(_room);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRoom);
        }
    }

    private void WriteUntilStopped()
    {
        while (true)
        {
            WriteQueued();
            Interlocked.Exchange(ref _writerIdle, 1);
            if (!_queue.IsEmpty || Stopped)
            {
                if (Interlocked.CompareExchange(ref _writerIdle, 0, 1) == 1)
                {
                    if (Stopped && _queue.IsEmpty)
                    {
                        return;
                    }

                    continue;
                }

                // A logging thread took the wake-up and releases the semaphore: take that release.
            }

            _wakeWriter.Wait();
        }
    }

    /// <summary>Writes batches until the queue is empty. The lock is taken once per batch, by the writer alone except after disposal.</summary>
    private void WriteQueued()
    {
        while (!_queue.IsEmpty)
        {
            int lines;
            lock (_writing)
            {
                lines = WriteOneBatch();
            }

            Interlocked.Add(ref _queued, -lines);
            if (Volatile.Read(ref _waitingForRoom) > 0)
            {
                lock (_room)
                {
                    Monitor.PulseAll(_room);
                }
            }
        }
    }

    private int WriteOneBatch()
    {
        var length = 0;
        var lines = 0;
        while (_queue.TryPeek(out var line))
        {
            if (line.Length > _batch.Length - length)
            {
                if (length > 0)
                {
                    break;
                }

                // Longer than a batch (a deep stack trace): written on its own.
                _queue.TryDequeue(out _);
                Send(line, line.Length);
                return 1;
            }

            _queue.TryDequeue(out _);
            line.CopyTo(_batch, length);
            length += line.Length;
            lines++;
        }

        if (length > 0)
        {
            Send(_batch, length);
        }

        return lines;
    }

    private void Send(byte[] bytes, int length)
    {
        try
        {
            _output.Write(bytes, 0, length);
            _output.Flush();
        }
#pragma warning disable CA1031 // Whatever the stream throws, logging must not take the process down: the batch is lost, the next one is tried.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failedWrites);
        }
    }
}
