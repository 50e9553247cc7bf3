using System.Text.Json;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>One line of a process's log: a JSON object, as the platform writes them.</summary>
public sealed record LogLine(string Text, JsonElement Json)
{
    public string Category => Json.GetProperty("Category").GetString()!;
    public string Message => Json.GetProperty("Message").GetString()!;
    public int EventId => Json.GetProperty("EventId").GetInt32();

    /// <summary>The trace id of the Activity the line was logged in; null outside any.</summary>
    public string? TraceId => TopLevel("TraceId");
    public string? SpanId => TopLevel("SpanId");

    private string? TopLevel(string name) => Json.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>Reads what a process wrote to standard output and error.</summary>
public static class ProcessLog
{
    /// <summary>Every complete line, each of which must be one JSON object (the test fails on any other line).</summary>
    public static IReadOnlyList<LogLine> Lines(this ServiceProcess process)
    {
        var log = process.ReadLog();
        // The process may be writing: a last line without its newline is not complete yet.
        var complete = log[..(log.LastIndexOf('\n') + 1)];
        return complete
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => Parse(process, text))
            .ToList();
    }

    private static LogLine Parse(ServiceProcess process, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return new LogLine(text, document.RootElement.Clone());
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"{process.Name} wrote a line that is not JSON ({exception.Message}): {text}");
        }
    }
}
