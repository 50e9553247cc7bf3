using Ideation.Ideas.Domain;

namespace Ideation.Ideas.Persistence;

/// <summary>One row of <c>ideas</c>. The full-text vector is a generated column the database maintains.</summary>
public sealed class IdeaRecord
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public IdeaState State { get; set; }
    public string Author { get; set; } = "";
    public string AuthorDisplayName { get; set; } = "";
    public DateTime CreateTime { get; set; }
    public DateTime UpdateTime { get; set; }
    public DateTime? SubmitTime { get; set; }
    public string? DecisionReason { get; set; }

    /// <summary>The creator's idempotency key; unique per author.</summary>
    public string? RequestId { get; set; }

    /// <summary>
    /// Incremented by every change and checked by every UPDATE (EF concurrency token), so that two
    /// writers racing on the same idea cannot silently overwrite each other. The etag is derived from it.
    /// </summary>
    public long Version { get; set; }
}
