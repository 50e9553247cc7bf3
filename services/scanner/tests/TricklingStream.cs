namespace Ideation.Scanner.Tests;

/// <summary>Content handed out in reads of at most <paramref name="maxRead"/> bytes, as a network stream hands them out.</summary>
internal sealed class TricklingStream(byte[] content, int maxRead) : MemoryStream(content)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
}
