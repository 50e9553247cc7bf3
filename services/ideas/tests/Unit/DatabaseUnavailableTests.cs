using System.Net.Sockets;
using Ideation.Persistence.Errors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>Which database failures a client sees as UNAVAILABLE (retry) rather than UNKNOWN (a bug).</summary>
public sealed class DatabaseUnavailableTests
{
    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection lost mid-read", new NpgsqlException("Exception while reading from stream", new IOException("Unable to read data")) },
        { "wrapped by EF Core", new DbUpdateException("An error occurred while saving", new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"))) },
        { "server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "server starting up", new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow) },
        { "connection failure class", new PostgresException("connection failure", "FATAL", "FATAL", PostgresErrorCodes.ConnectionFailure) },
    };

    public static TheoryData<string, Exception> Bugs => new()
    {
        { "unique violation", new DbUpdateException("duplicate", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)) },
        { "syntax error", new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError) },
        { "not a database failure", new InvalidOperationException("Sequence contains no elements") },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void A_database_that_cannot_be_reached_is_unavailable(string what, Exception exception) =>
        Assert.True(DatabaseUnavailableInterceptor.IsDatabaseUnreachable(exception), what);

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Other_failures_stay_what_they_are(string what, Exception exception) =>
        Assert.False(DatabaseUnavailableInterceptor.IsDatabaseUnreachable(exception), what);
}
