using System.Buffers;
using System.Text;

namespace Ideation.Documents.Detection;

/// <summary>
/// Decides, chunk by chunk, whether a whole stream is text: valid UTF-8 without NUL or control
/// characters other than tab, CR and LF. A character split between two chunks is carried over.
/// </summary>
internal sealed class TextValidator
{
    private readonly byte[] pending = new byte[4];
    private int pendingCount;

    /// <summary>False as soon as one byte disqualifies the stream; true so far otherwise.</summary>
    public bool IsText { get; private set; } = true;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (!IsText)
        {
            return;
        }

        if (pendingCount > 0)
        {
            // Finish the character split at the end of the previous chunk with at most three more bytes.
            var take = Math.Min(pending.Length - pendingCount, data.Length);
            Span<byte> joined = stackalloc byte[4];
            pending.AsSpan(0, pendingCount).CopyTo(joined);
            data[..take].CopyTo(joined[pendingCount..]);
            var status = Rune.DecodeFromUtf8(joined[..(pendingCount + take)], out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                joined[..(pendingCount + take)].CopyTo(pending);
                pendingCount += take;
                return;
            }

            if (status != OperationStatus.Done || !IsAllowed(rune))
            {
                IsText = false;
                return;
            }

            data = data[(consumed - pendingCount)..];
            pendingCount = 0;
        }

        while (data.Length > 0)
        {
            var status = Rune.DecodeFromUtf8(data, out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                data.CopyTo(pending);
                pendingCount = data.Length;
                return;
            }

            if (status != OperationStatus.Done || !IsAllowed(rune))
            {
                IsText = false;
                return;
            }

            data = data[consumed..];
        }
    }

    /// <summary>The stream ended: a character cut short makes it not text.</summary>
    public bool Complete()
    {
        if (pendingCount > 0)
        {
            IsText = false;
        }

        return IsText;
    }

    private static bool IsAllowed(Rune rune) => !Rune.IsControl(rune) || rune.Value is '\t' or '\r' or '\n';
}
