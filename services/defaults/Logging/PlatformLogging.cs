using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// How every process writes its log: one JSON object per line on standard output, for the cluster's
/// log collector, with the trace and span id of the request or job a line belongs to, so that one
/// trace id finds the lines of every process an upload went through.
/// </summary>
public static class PlatformLogging
{
    /// <summary>ISO 8601 in UTC, to the millisecond: sortable and the same in every process.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>
    /// JSON console lines (<see cref="PlatformJsonFormatter"/>), in which lines logged inside an
    /// Activity carry its TraceId and SpanId, unless <c>Logging:Console:FormatterName</c> names another
    /// formatter: <c>simple</c> for a person reading a terminal, set up entirely by
    /// <c>Logging:Console:FormatterOptions</c> (the bench reads its own one-line format that way), or
    /// <c>json</c> for .NET's own, which writes every scope. The platform's lines are written by
    /// <see cref="PlatformConsoleLoggerProvider"/> (no lock and no syscall per line); the other two
    /// formatters stay on .NET's console provider.
    /// </summary>
    public static ILoggingBuilder AddPlatformLogging(this ILoggingBuilder logging)
    {
        logging.Configure(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        logging.AddConsole();
        logging.AddConsoleFormatter<PlatformJsonFormatter, ConsoleFormatterOptions>();

        // Runs after the configuration is bound, so a FormatterName set there wins.
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName ??= PlatformJsonFormatter.FormatterName);
        ConsoleProviderChoice.Register(logging.Services);
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = TimestampFormat;
            json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
        return logging;
    }
}
