using Google.Protobuf;
using Grpc.Core;
using Ideation.Gateway.Transcoding;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Ideation.Gateway.Tests.Transcoding.Support;

/// <summary>
/// A backend that records the calls the transcoder makes and answers them from a script, to test
/// what the transcoder sends (metadata, deadline) and how it treats answers no real service gives.
/// </summary>
internal sealed class FakeBackend : IGrpcBackend
{
    private readonly Invoker _invoker;

    public FakeBackend(Func<IMessage, IMessage> answer) => _invoker = new Invoker(this, answer);

    public List<(string Method, IMessage Request, CallOptions Options)> Calls { get; } = [];

    /// <summary>When set, <see cref="For"/> throws it, as a backend without a healthy destination does.</summary>
    public Exception? Unreachable { get; set; }

    /// <summary>
    /// When set, a client-streaming call (an upload) takes its first message; its second write waits
    /// until the call is disposed, and the call fails with this while it waits.
    /// </summary>
    public RpcException? StallingUpload { get; set; }

    /// <summary>The messages a server-streaming call yields; each waits for its gate when it has one.</summary>
    public List<(IMessage Message, Task? Gate)> Stream { get; } = [];

    public CallInvoker For(ServiceDescriptor service) => Unreachable is { } error ? throw error : _invoker;

    private sealed class Invoker(FakeBackend backend, Func<IMessage, IMessage> answer) : CallInvoker
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            backend.Calls.Add((method.FullName, (IMessage)request, options));
            var response = Task.Run(() => (TResponse)answer((IMessage)request));
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            backend.Calls.Add((method.FullName, (IMessage)request, options));
            var reader = new Reader<TResponse>(backend.Stream);
            return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        {
            if (backend.StallingUpload is not { } refusal)
            {
                throw new NotSupportedException();
            }

            // The first message is taken; the second write waits for credit that never comes, as on a
            // stream whose server stopped reading, and the refusal is answered while it waits.
            backend.Calls.Add((method.FullName, null!, options));
            var answered = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = new StallingWriter<TRequest>(() => answered.TrySetException(refusal), options.CancellationToken);
            return new AsyncClientStreamingCall<TRequest, TResponse>(writer, answered.Task, Task.FromResult(new Metadata()), () => refusal.Status, () => [], writer.Dispose);
        }

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }

    private sealed class Reader<T>(List<(IMessage Message, Task? Gate)> items) : IAsyncStreamReader<T>
    {
        private int _next;

        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next == items.Count)
            {
                return false;
            }

            var (message, gate) = items[_next++];
            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken);
            }

            Current = (T)message;
            return true;
        }
    }

    private sealed class StallingWriter<T>(Action onRefuse, CancellationToken callCancelled) : IClientStreamWriter<T>, IDisposable
    {
        private readonly CancellationTokenSource _disposed = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        private int _written;

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message)
        {
            if (Interlocked.Increment(ref _written) == 1)
            {
                return Task.CompletedTask;
            }

            // The server answers while this write waits for credit it will never get.
            var stalled = Task.Delay(Timeout.Infinite, _disposed.Token);
            onRefuse();
            return stalled;
        }

        public Task CompleteAsync() => Task.Delay(Timeout.Infinite, _disposed.Token);

        public void Dispose()
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }
    }
}
