using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ideation.Persistence.Errors;

/// <summary>
/// Turns "PostgreSQL cannot be reached" into UNAVAILABLE (REST 503), which clients retry, instead of
/// the UNKNOWN (REST 500) that Grpc.AspNetCore makes of any exception a handler throws: with the
/// server killed every call failed as a server error, and clients that rightly retry only
/// UNAVAILABLE gave up. Only connection-level failures qualify; a constraint violation or a bad
/// query is still a bug and stays UNKNOWN. A write cut off before its commit is rolled back by
/// PostgreSQL; one whose COMMIT was sent as the connection broke may have landed, which is why
/// creates carry request ids: the retry finds the first.
/// </summary>
public sealed class DatabaseUnavailableInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (IsDatabaseUnreachable(exception))
        {
            throw Unavailable();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (IsDatabaseUnreachable(exception))
        {
            throw Unavailable();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (IsDatabaseUnreachable(exception))
        {
            throw Unavailable();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (IsDatabaseUnreachable(exception))
        {
            throw Unavailable();
        }
    }

    /// <summary>
    /// A connection refused, reset or lost, or the server shutting down or refusing connections
    /// (SQLSTATE class 08, 57P01-57P03, 53300), found anywhere in the exception's chain: EF Core
    /// wraps the provider's exception in its own.
    /// </summary>
    public static bool IsDatabaseUnreachable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                           || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                               or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case NpgsqlException { IsTransient: true }:
                    return true;
                case RpcException:
                    // The handler already chose its answer.
                    return false;
            }
        }

        return false;
    }

    private static RpcException Unavailable() =>
        RpcErrors.Unavailable("DATABASE_UNAVAILABLE", "The database cannot be reached; retry in a few seconds.");
}

/// <summary>Registers the interceptor for every gRPC service of the process.</summary>
public static class DatabaseUnavailableExtensions
{
    public static IServiceCollection AddDatabaseUnavailableErrors(this IServiceCollection services) =>
        services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<DatabaseUnavailableInterceptor>());
}
