namespace Ideation.Ideas.Events;

/// <summary>Where and how often the outbox relay publishes the ideas service's events.</summary>
public sealed class IdeaEventsOptions
{
    public const string Section = "Ideas:Events";

    /// <summary>The Redis stream subscribers read.</summary>
    public string Stream { get; set; } = "ideation:idea-events";

    /// <summary>StackExchange.Redis configuration string of the Redis holding the stream.</summary>
    public string Redis { get; set; } = "";

    /// <summary>The relay's pause when the outbox is empty: the most an event waits before it is published.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
