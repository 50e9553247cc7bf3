namespace Ideation.Documents.IdeaEvents;

/// <summary>Where documents hears about ideas' lifecycle events (published by the ideas service).</summary>
public sealed class IdeaEventsOptions
{
    public const string Section = "Documents:IdeaEvents";

    /// <summary>The ideas service's events stream (its Ideas:Events:Stream).</summary>
    public string Stream { get; set; } = "ideation:idea-events";

    /// <summary>The consumer group of documents' replicas: each event is handled by one of them.</summary>
    public string Group { get; set; } = "documents";

    /// <summary>An event a dead replica read and never acknowledged is taken over after this long.</summary>
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The pause between reads of an empty stream.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
