using Ideation.Ideas.Domain;

namespace Ideation.Ideas.Persistence;

/// <summary>One row of <c>idea_events</c>: an immutable entry of an idea's history.</summary>
public sealed class IdeaEventRecord
{
    public Guid IdeaId { get; set; }

    /// <summary>
    /// The idea version this change produced. Numbering events by version keeps them in order per
    /// idea and makes a second writer of the same version collide on the primary key.
    /// </summary>
    public long Sequence { get; set; }

    public IdeaEventKind Kind { get; set; }
    public string Actor { get; set; } = "";
    public string ActorDisplayName { get; set; } = "";
    public DateTime CreateTime { get; set; }
    public IdeaState? FromState { get; set; }
    public IdeaState ToState { get; set; }
    public string? Reason { get; set; }
    public List<string> ChangedFields { get; set; } = [];
}
