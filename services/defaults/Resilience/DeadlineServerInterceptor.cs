using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// Makes a call's deadline (its grpc-timeout) the incoming deadline of everything its handler calls,
/// and works on no call whose deadline has already passed (it waited in a queue, or in the middleware,
/// for longer than its caller is willing to wait): nobody would read the answer.
/// </summary>
public sealed class DeadlineServerInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Enter(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enter(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enter(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enter(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>
    /// Not async on purpose: the incoming deadline set here must flow into the continuation, and an
    /// AsyncLocal set inside an async method would be undone when it returns.
    /// </summary>
    private static void Enter(ServerCallContext context)
    {
        if (context.Deadline != DateTime.MaxValue && context.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed before it could be worked on."));
        }

        IncomingDeadline.Set(context.Deadline);
    }
}
