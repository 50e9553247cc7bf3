namespace Ideation.Ideas.Events;

/// <summary>The events ideas publishes on its stream, by the name subscribers match.</summary>
public static class IdeaEventTypes
{
    /// <summary>An idea and its history are gone; whatever other services keep for it must go too.</summary>
    public const string Deleted = "idea.deleted";

    /// <summary>The entry's field naming the event type.</summary>
    public const string TypeField = "event";

    /// <summary>The entry's field naming the idea, <c>ideas/{id}</c>.</summary>
    public const string IdeaField = "idea";
}
