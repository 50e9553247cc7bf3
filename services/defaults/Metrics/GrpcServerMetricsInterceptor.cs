using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ideation.ServiceDefaults.Metrics;

/// <summary>Records every call a gRPC service handles (prometheus-net's gRPC package is not available).</summary>
public sealed class GrpcServerMetricsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        MeasureAsync(MethodType.Unary, context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        MeasureAsync(MethodType.ClientStreaming, context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        MeasureAsync(MethodType.ServerStreaming, context, async () => { await continuation(request, responseStream, context); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        MeasureAsync(MethodType.DuplexStreaming, context, async () => { await continuation(requestStream, responseStream, context); return true; });

    private static async Task<T> MeasureAsync<T>(MethodType type, ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Unknown;
        try
        {
            var result = await call();
            code = StatusCode.OK;
            return result;
        }
        catch (RpcException exception)
        {
            code = exception.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            code = StatusCode.Cancelled;
            throw;
        }
        finally
        {
            var (service, method) = GrpcCallMetrics.Split(context.Method);
            var kind = GrpcCallMetrics.TypeOf(type);
            GrpcCallMetrics.ServerHandled.WithLabels(kind, service, method, code.ToString()).Inc();
            GrpcCallMetrics.ServerHandling.WithLabels(kind, service, method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
