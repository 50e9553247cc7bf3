using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// Puts every unary call of a client under <see cref="ResilientCalls"/> (bulkhead, retries when
/// idempotent, circuit breaker). Streaming calls pass through: their bodies cannot be replayed.
/// </summary>
public sealed class ResilientCallsInterceptor(ResilientCalls calls) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        AsyncUnaryCall<TResponse>? last = null;
        var response = calls.ExecuteAsync(async _ =>
        {
            var call = continuation(request, context);
            last = call;
            return await call.ResponseAsync.ConfigureAwait(false);
        }, context.Options.CancellationToken, context.Options.Deadline);

        return new AsyncUnaryCall<TResponse>(
            response,
            HeadersAsync(response, () => last),
            () => last?.GetStatus() ?? throw new InvalidOperationException("The call has not been made yet."),
            () => last?.GetTrailers() ?? throw new InvalidOperationException("The call has not been made yet."),
            () => last?.Dispose());
    }

    private static async Task<Metadata> HeadersAsync<TResponse>(Task<TResponse> response, Func<AsyncUnaryCall<TResponse>?> last)
    {
        try
        {
            await response.ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The headers of the failed last attempt, if it got that far, are still worth returning.
        }

        return last() is { } call ? await call.ResponseHeadersAsync.ConfigureAwait(false) : [];
    }
}
