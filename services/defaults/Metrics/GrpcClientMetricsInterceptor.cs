using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// Records the unary and streaming calls a process makes to other services, from start until the
/// final status arrives.
/// </summary>
public sealed class GrpcClientMetricsInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        var measured = Measure(context.Method, call.ResponseAsync);
        return new AsyncUnaryCall<TResponse>(measured, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        var measured = Measure(context.Method, call.ResponseAsync);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, measured, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        var started = Stopwatch.GetTimestamp();
        var (service, method) = GrpcCallMetrics.Split(context.Method.FullName);
        var kind = GrpcCallMetrics.TypeOf(context.Method.Type);
        // The call is over when its stream is: record it when the call is disposed, with its final status.
        return new AsyncServerStreamingCall<TResponse>(call.ResponseStream, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, () =>
        {
            var code = TryGetStatus(call.GetStatus);
            call.Dispose();
            Record(kind, service, method, code, started);
        });
    }

    private static async Task<TResponse> Measure<TRequest, TResponse>(Method<TRequest, TResponse> method, Task<TResponse> response)
    {
        var started = Stopwatch.GetTimestamp();
        var (service, name) = GrpcCallMetrics.Split(method.FullName);
        var code = StatusCode.Unknown;
        try
        {
            var result = await response;
            code = StatusCode.OK;
            return result;
        }
        catch (RpcException exception)
        {
            code = exception.StatusCode;
            throw;
        }
        finally
        {
            Record(GrpcCallMetrics.TypeOf(method.Type), service, name, code, started);
        }
    }

    private static StatusCode TryGetStatus(Func<Status> getStatus)
    {
        try
        {
            return getStatus().StatusCode;
        }
        catch (InvalidOperationException)
        {
            // Disposed before the status arrived: the caller gave up on the call.
            return StatusCode.Cancelled;
        }
    }

    private static void Record(string kind, string service, string method, StatusCode code, long started)
    {
        GrpcCallMetrics.ClientHandled.WithLabels(kind, service, method, code.ToString()).Inc();
        GrpcCallMetrics.ClientHandling.WithLabels(kind, service, method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
