using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// The platform's JSON lines (<see cref="PlatformJsonFormatter"/>) on standard output: each line is
/// formatted on the thread that logs it and handed to one writer thread (<see cref="BatchedLineWriter"/>),
/// which writes whatever is queued in one write. It replaces .NET's console provider for the
/// platform's formatter only (see <see cref="PlatformLogging"/>); its alias is the same, so
/// <c>Logging:Console:LogLevel</c> filters apply to it as they did.
/// </summary>
[ProviderAlias("Console")]
public sealed class PlatformConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly BatchedLineWriter _lines;
    private readonly bool _flushesAtProcessExit;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>On standard output; the lines still queued when the process exits are written first.</summary>
    public PlatformConsoleLoggerProvider()
        : this(Console.OpenStandardOutput())
    {
        // The host disposes its providers on a graceful stop; this covers an exit that skips it (Environment.Exit).
        AppDomain.CurrentDomain.ProcessExit += WriteQueuedLinesAtExit;
        _flushesAtProcessExit = true;
    }

    /// <param name="output">Where the lines go; not disposed with the provider.</param>
    /// <param name="capacity">Lines queued before a logging thread waits for the writer.</param>
    public PlatformConsoleLoggerProvider(Stream output, int capacity = BatchedLineWriter.DefaultCapacity) =>
        _lines = new BatchedLineWriter(output, capacity);

    /// <summary>Writes that failed (each loses its batch of lines); the process logs on.</summary>
    public long FailedWrites => _lines.FailedWrites;

    /// <summary>Logging threads waiting for room in a full queue.</summary>
    public int WaitingForRoom => _lines.WaitingForRoom;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, provider) => new PlatformConsoleLogger(category, provider), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Returns once every line logged before it is written (or the writer is stuck for seconds).</summary>
    public void Dispose()
    {
        if (_flushesAtProcessExit)
        {
            AppDomain.CurrentDomain.ProcessExit -= WriteQueuedLinesAtExit;
        }

        _lines.Dispose();
    }

    private void WriteQueuedLinesAtExit(object? sender, EventArgs e) => _lines.Dispose();

    private sealed class PlatformConsoleLogger(string category, PlatformConsoleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = PlatformJsonFormatter.FormatUtf8(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            if (!line.IsEmpty)
            {
                provider._lines.Write(line);
            }
        }
    }
}
