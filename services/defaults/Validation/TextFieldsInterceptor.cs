using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.ServiceDefaults.Validation;

/// <summary>
/// Refuses, with INVALID_ARGUMENT naming each field, any request message holding text that no field
/// may hold (<see cref="TextFields"/>), before the service sees it: so that no handler can forget
/// the rule and pass such text on to PostgreSQL, which fails on a NUL (an UNKNOWN error instead of
/// the client's INVALID_ARGUMENT), or store replacement characters as if they were the user's text.
/// Every message of a client stream is checked as it is read.
/// </summary>
public sealed class TextFieldsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Ensure(request);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Ensure(request);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Ensure<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            var violations = new FieldViolations();
            TextFields.Check(message, violations);
            violations.ThrowIfAny();
        }
    }

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }

            Ensure(inner.Current);
            return true;
        }
    }
}
