namespace Ideation.Documents.Storage;

/// <summary>An object being read: its bytes as a stream, which the reader disposes.</summary>
public sealed class StoredObject(Stream content, long length, IDisposable response) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public long Length { get; } = length;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
