using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// Gives every outgoing call a deadline: the earliest of its own and the deadline of the call being
/// served (<see cref="IncomingDeadline"/>), so that a service calling another passes on what remains of
/// its caller's time; and <paramref name="defaultTimeout"/> from now when neither exists (background
/// work), so that no call can wait forever. A call whose deadline has already passed is not made.
/// </summary>
public sealed class DeadlineClientInterceptor(TimeSpan defaultTimeout, TimeProvider? clock = null) : Interceptor
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The deadline a call with <paramref name="own"/> (null: none) gets, given the incoming one.</summary>
    public DateTime EffectiveDeadline(DateTime? own, DateTime? incoming)
    {
        var ownDeadline = own is { } value && value != DateTime.MaxValue ? value.ToUniversalTime() : (DateTime?)null;
        DateTime? earliest = (ownDeadline, incoming) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
        return earliest ?? _clock.GetUtcNow().UtcDateTime + defaultTimeout;
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var deadline = EffectiveDeadline(context.Options.Deadline, IncomingDeadline.Value);
        if (deadline <= _clock.GetUtcNow().UtcDateTime)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The caller's deadline passed before {context.Method.FullName} could be called."));
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(deadline));
    }
}
