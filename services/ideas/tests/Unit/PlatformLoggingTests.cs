using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ideation.ServiceDefaults.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>The log lines every process writes, as the console logger would format them (the shared defaults' logging).</summary>
public sealed class PlatformLoggingTests
{
    [Fact]
    public void A_line_is_one_json_object_with_the_trace_and_span_id_of_the_current_activity()
    {
        var output = new StringWriter();
        using var services = Services(output, []);
        var logger = services.GetRequiredService<ILogger<PlatformLoggingTests>>();

        using (var activity = new Activity("upload").Start())
        {
            logger.LogInformation("Document {DocumentId} uploaded", "d-1");

            var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.True(DateTime.TryParseExact(root.GetProperty("Timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp), line);
            Assert.InRange(DateTime.UtcNow - timestamp, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
            Assert.Equal(typeof(PlatformLoggingTests).FullName, root.GetProperty("Category").GetString());
            Assert.Equal("Document d-1 uploaded", root.GetProperty("Message").GetString());
            Assert.Equal("d-1", root.GetProperty("State").GetProperty("DocumentId").GetString());
            Assert.Equal(activity.TraceId.ToHexString(), root.GetProperty("TraceId").GetString());
            Assert.Equal(activity.SpanId.ToHexString(), root.GetProperty("SpanId").GetString());
        }
    }

    [Fact]
    public void Fields_keep_their_json_types_and_scopes_are_not_written()
    {
        var output = new StringWriter();
        using var services = Services(output, []);
        var logger = services.GetRequiredService<ILogger<PlatformLoggingTests>>();

        using (logger.BeginScope("connection {ConnectionId}", "c-7"))
        {
            logger.LogWarning("Scan of {Bytes} bytes took {ElapsedMilliseconds} ms, retried {Retried}, detail {Detail}", 576L, 3.5, true, null);
        }

        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        var state = root.GetProperty("State");
        Assert.Equal(576, state.GetProperty("Bytes").GetInt64());
        Assert.Equal(3.5, state.GetProperty("ElapsedMilliseconds").GetDouble());
        Assert.True(state.GetProperty("Retried").GetBoolean());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("Detail").ValueKind);
        Assert.False(root.TryGetProperty("Scopes", out _));
        Assert.DoesNotContain("c-7", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_is_written_with_its_stack_trace_and_quotes_stay_escaped()
    {
        var output = new StringWriter();
        using var services = Services(output, []);
        Exception thrown;
        try
        {
            throw new InvalidOperationException("the \"bucket\" is gone");
        }
        catch (InvalidOperationException exception)
        {
            thrown = exception;
        }

        services.GetRequiredService<ILogger<PlatformLoggingTests>>().LogError(thrown, "Upload {DocumentId} failed", "d-\"2\"");

        using var json = JsonDocument.Parse(Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = json.RootElement;
        Assert.Equal("Upload d-\"2\" failed", root.GetProperty("Message").GetString());
        var written = root.GetProperty("Exception").GetString()!;
        Assert.StartsWith("System.InvalidOperationException: the \"bucket\" is gone", written, StringComparison.Ordinal);
        Assert.Contains(nameof(An_exception_is_written_with_its_stack_trace_and_quotes_stay_escaped), written, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_any_activity_a_line_has_no_trace_id()
    {
        var output = new StringWriter();
        using var services = Services(output, []);

        services.GetRequiredService<ILogger<PlatformLoggingTests>>().LogInformation("Worker started");

        Assert.DoesNotContain("TraceId", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, PlatformJsonFormatter.FormatterName, typeof(PlatformConsoleLoggerProvider))]
    [InlineData("simple", ConsoleFormatterNames.Simple, typeof(ConsoleLoggerProvider))]
    [InlineData("json", ConsoleFormatterNames.Json, typeof(ConsoleLoggerProvider))]
    public void The_formatter_is_json_unless_configuration_names_another_and_only_the_platforms_leaves_dotnets_console_provider(
        string? configured, string expected, Type consoleProvider)
    {
        using var services = Services(new StringWriter(), configured is null ? [] : [new("Logging:Console:FormatterName", configured)]);

        Assert.Equal(expected, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        var providers = services.GetServices<ILoggerProvider>().Where(provider => provider is not FormattingProvider);
        Assert.Equal(consoleProvider, Assert.Single(providers).GetType());
    }

    [Fact]
    public void Adding_the_platforms_logging_after_the_hosts_console_logger_leaves_one_console_provider()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole().AddPlatformLogging().AddPlatformLogging());

        using var provider = services.BuildServiceProvider();

        Assert.IsType<PlatformConsoleLoggerProvider>(Assert.Single(provider.GetServices<ILoggerProvider>()));
    }

    /// <summary>The platform's logging, with a provider that formats lines with the configured console formatter into <paramref name="output"/>.</summary>
    private static ServiceProvider Services(TextWriter output, KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddPlatformLogging());
        services.AddSingleton<ILoggerProvider>(provider =>
        {
            var name = provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName;
            return new FormattingProvider(provider.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == name), output);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>What the console provider does with a log call, minus the console: the logger factory hands it the scopes, Activity included.</summary>
    private sealed class FormattingProvider(ConsoleFormatter formatter, TextWriter output) : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConsoleFormatter _formatter = formatter;
        private readonly TextWriter _output = output;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new FormattingLogger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class FormattingLogger(string category, FormattingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, provider._output);
        }
    }
}
