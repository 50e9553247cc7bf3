using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// The platform's log line: one JSON object with the fields of .NET's JSON console formatter, except
/// that the trace and span id of the current Activity are top-level fields instead of entries of
/// <c>Scopes</c>, and no scope is written. Why not .NET's own: it renders every scope of the request
/// (the trace ids, then ASP.NET Core's ConnectionId, RequestId and RequestPath) with each scope's
/// message formatted as a string, which was most of the cost of an access-log line in the gateway;
/// and a log query wants <c>TraceId</c> at the top, not inside an array.
/// </summary>
public sealed class PlatformJsonFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "platform";

    private const int MaxRetainedBufferBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    // One buffer and writer per thread that logs (both console providers format on the caller's
    // thread), so that a line allocates nothing but its message.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var line = FormatUtf8(logEntry);
        if (!line.IsEmpty)
        {
            WriteLine(line, textWriter);
        }
    }

    /// <summary>
    /// The line as UTF-8 JSON, without its newline, or empty when there is nothing to write (no message,
    /// no exception). The span lives in the calling thread's buffer: it is valid until this thread
    /// formats its next line, so a caller that hands it to another thread copies it first.
    /// </summary>
    internal static ReadOnlySpan<byte> FormatUtf8<TState>(in LogEntry<TState> logEntry)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && string.IsNullOrEmpty(message))
        {
            return [];
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        Span<char> timestamp = stackalloc char[32];
        DateTime.UtcNow.TryFormat(timestamp, out var length, PlatformLogging.TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString("Timestamp", timestamp[..length]);
        writer.WriteNumber("EventId", logEntry.EventId.Id);
        writer.WriteString("LogLevel", LevelName(logEntry.LogLevel));
        writer.WriteString("Category", logEntry.Category);
        writer.WriteString("Message", message);
        if (Activity.Current is { } activity)
        {
            writer.WriteString("TraceId", activity.TraceId.ToHexString());
            writer.WriteString("SpanId", activity.SpanId.ToHexString());
        }

        if (logEntry.Exception is { } exception)
        {
            writer.WriteString("Exception", exception.ToString());
        }

        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            writer.WriteStartObject("State");
            for (var index = 0; index < fields.Count; index++)
            {
                WriteField(writer, fields[index].Key, fields[index].Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();

        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            // A line with a long stack trace: do not keep its buffer for the life of the thread (the
            // span returned still holds the array until the caller is done with it).
            t_buffer = null;
            t_writer = null;
        }

        return buffer.WrittenSpan;
    }

    private static void WriteLine(ReadOnlySpan<byte> utf8, TextWriter textWriter)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, chars);
            textWriter.Write(chars.AsSpan(0, length));
            textWriter.WriteLine();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Numbers and booleans stay JSON numbers and booleans, so that queries can compare them.</summary>
    private static void WriteField(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case int number:
                writer.WriteNumber(name, number);
                break;
            case long number:
                writer.WriteNumber(name, number);
                break;
            case uint number:
                writer.WriteNumber(name, number);
                break;
            case ulong number:
                writer.WriteNumber(name, number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumber(name, number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumber(name, number);
                break;
            case decimal number:
                writer.WriteNumber(name, number);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => level.ToString(),
    };
}
