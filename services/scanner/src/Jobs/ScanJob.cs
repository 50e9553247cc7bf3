using System.Globalization;
using Ideation.Messaging;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// One scan job as documents publishes it: fields <c>document</c> and <c>generation</c>, and
/// <c>traceparent</c> when a request asked for the scan (the trace the scan continues).
/// </summary>
public sealed record ScanJob(string EntryId, string Document, long Generation, long DeliveryCount, StreamMessageSource Source, string? TraceParent = null)
{
    public const string DocumentField = "document";
    public const string GenerationField = "generation";

    /// <summary>Null when the entry lacks a field or carries a generation that is not a whole number.</summary>
    public static ScanJob? From(StreamMessage message) =>
        message.Field(DocumentField) is { Length: > 0 } document
        && long.TryParse(message.Field(GenerationField), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? new ScanJob(message.Id, document, generation, message.DeliveryCount, message.Source, message.Field(MessageTracing.TraceParentField))
            : null;
}
