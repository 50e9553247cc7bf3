using System.Text;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>
/// A write-only stream standing in for standard output: it keeps every byte and counts the writes;
/// it can hold its writer at a gate (a reader of the pipe that stopped reading) and fail its first
/// writes (a closed pipe).
/// </summary>
internal sealed class RecordingStream : Stream
{
    private readonly MemoryStream _written = new();
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly ManualResetEventSlim _writerAtGate = new();
    private int _writes;
    private int _failuresLeft;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Write calls, failed ones included.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The next writes block until <see cref="OpenGate"/>.</summary>
    public void CloseGate() => _gate.Reset();

    public void OpenGate() => _gate.Set();

    /// <summary>Waits until a write is blocked at the closed gate.</summary>
    public void WaitForWriterAtGate() => Assert.True(_writerAtGate.Wait(TimeSpan.FromMinutes(1)), "no write reached the gate");

    /// <summary>The next <paramref name="writes"/> writes throw an IOException and keep nothing.</summary>
    public void FailNextWrites(int writes) => Volatile.Write(ref _failuresLeft, writes);

    public string Text()
    {
        lock (_written)
        {
            return Encoding.UTF8.GetString(_written.GetBuffer(), 0, (int)_written.Length);
        }
    }

    public string[] Lines() => Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override void Write(byte[] buffer, int offset, int count)
    {
        Interlocked.Increment(ref _writes);
        if (!_gate.IsSet)
        {
            _writerAtGate.Set();
            _gate.Wait();
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("Broken pipe");
        }

        lock (_written)
        {
            _written.Write(buffer, offset, count);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
            _writerAtGate.Dispose();
            _written.Dispose();
        }

        base.Dispose(disposing);
    }
}
