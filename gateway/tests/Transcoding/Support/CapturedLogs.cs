using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ideation.Gateway.Tests.Transcoding.Support;

/// <summary>A logger provider that keeps every line a host logs, to assert on what an operator would read.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();

    public IReadOnlyCollection<LoggedLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public sealed record LoggedLine(LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue(new LoggedLine(logLevel, formatter(state, exception), exception));
    }
}
