using Ideation.Bench.Harness;

namespace Ideation.Bench.Proxy;

/// <summary>A process on the proxy core that answers GetIdea over TLS at <see cref="Address"/>.</summary>
internal sealed record ProxyUnderTest(string Name, PinnedProcess Process, Uri Address) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
