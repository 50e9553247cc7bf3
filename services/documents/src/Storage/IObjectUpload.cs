namespace Ideation.Documents.Storage;

/// <summary>
/// One object being streamed into storage. The first <see cref="HeadSize"/> bytes are held back until
/// the head is full or the upload completes, so that the caller can decide the object's
/// <see cref="ContentType"/> from them before any byte is sent. Call <see cref="CompleteAsync"/> to
/// store the object, or <see cref="AbortAsync"/> (disposing without completing also aborts).
/// </summary>
public interface IObjectUpload : IAsyncDisposable
{
    string Bucket { get; }

    string Key { get; }

    /// <summary>The object's Content-Type; read when the head is sent, so set it before writing past the head.</summary>
    string ContentType { get; set; }

    /// <summary>How many bytes are held back before the first is sent.</summary>
    int HeadSize { get; }

    /// <summary>The bytes held back and not yet sent: the start of the file until the head is full.</summary>
    ReadOnlySpan<byte> Buffered { get; }

    /// <summary>
    /// True once a failure may have left an object behind (its storing request was sent, and its answer
    /// may be lost or the request cut short): only a delete then makes sure it is gone.
    /// </summary>
    bool ObjectMayExist { get; }

    Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Discards what was sent. Safe to call more than once and after a failure.</summary>
    Task AbortAsync();
}
