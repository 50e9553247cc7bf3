using System.Buffers;
using System.Text;

namespace Ideation.Gateway.Transcoding.Json;

/// <summary>
/// A <see cref="TextWriter"/> that encodes UTF-8 straight into a pooled byte buffer, so that
/// JsonFormatter output reaches the response without an intermediate string. One instance per thread
/// is reused: formatting is synchronous, and the bytes are copied out before the next await.
/// </summary>
internal sealed class Utf8BufferTextWriter : TextWriter
{
    private const int InitialCapacity = 4096;
    // A buffer that grew for one large response is not kept for the thread's life.
    private const int MaxRetainedCapacity = 1024 * 1024;

    [ThreadStatic]
    private static Utf8BufferTextWriter? t_cached;

    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetEncoder();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
    private int _length;

    private Utf8BufferTextWriter()
    {
    }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The bytes written so far (valid until the next <see cref="Rent"/> on this thread).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>This thread's writer, empty.</summary>
    public static Utf8BufferTextWriter Rent()
    {
        var writer = t_cached ??= new Utf8BufferTextWriter();
        writer.Reset();
        return writer;
    }

    public override void Write(char value)
    {
        if (value < 0x80)
        {
            Reserve(1);
            _buffer[_length++] = (byte)value;
            return;
        }

        Write(new ReadOnlySpan<char>(in value));
    }

    public override void Write(string? value)
    {
        // The formatter writes each character of a string as a one-character string.
        if (value is { Length: 1 } && value[0] < 0x80 && _length < _buffer.Length)
        {
            _buffer[_length++] = (byte)value[0];
            return;
        }

        Write(value.AsSpan());
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        // JsonFormatter writes mostly short ASCII pieces (one escaped character at a time inside
        // strings): copy those straight through instead of going through the encoder.
        if (buffer.Length <= 64)
        {
            Reserve(buffer.Length);
            var destination = _buffer.AsSpan(_length);
            var ascii = 0;
            while (ascii < buffer.Length && buffer[ascii] < 0x80)
            {
                destination[ascii] = (byte)buffer[ascii];
                ascii++;
            }

            _length += ascii;
            buffer = buffer[ascii..];
        }

        while (!buffer.IsEmpty)
        {
            Reserve(Math.Min(buffer.Length, 4096) * 3);
            _encoder.Convert(buffer, _buffer.AsSpan(_length), flush: false, out var charsUsed, out var bytesUsed, out _);
            _length += bytesUsed;
            buffer = buffer[charsUsed..];
        }
    }

    /// <summary>Appends a raw byte (the newline between streamed messages).</summary>
    public void WriteByte(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    public override void Flush()
    {
        Reserve(8);
        _encoder.Convert(ReadOnlySpan<char>.Empty, _buffer.AsSpan(_length), flush: true, out _, out var bytesUsed, out _);
        _length += bytesUsed;
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void Reset()
    {
        _length = 0;
        _encoder.Reset();
        if (_buffer.Length > MaxRetainedCapacity)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
        }
    }
}
