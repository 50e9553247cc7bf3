namespace Ideation.Ideas.Persistence;

/// <summary>
/// One row of <c>idea_outbox</c>: an event other services must hear about, committed in the same
/// transaction as the change it reports and moved to Redis by the relay. Today that is a deletion,
/// which documents answers by removing the idea's documents.
/// </summary>
public sealed class IdeaOutboxRecord
{
    public long Id { get; set; }

    /// <summary>What happened, as published: <see cref="Events.IdeaEventTypes"/>.</summary>
    public string EventType { get; set; } = "";

    public Guid IdeaId { get; set; }

    public DateTime CreateTime { get; set; }

    /// <summary>
    /// The W3C traceparent of the request that made the change, published with the event so that
    /// what subscribers do about it belongs to the same trace.
    /// </summary>
    public string? TraceParent { get; set; }
}
