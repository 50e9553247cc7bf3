namespace Ideation.Messaging;

/// <summary>Where a consumer got an entry from.</summary>
public enum StreamMessageSource
{
    /// <summary>Delivered to this consumer before and not acknowledged: a restart or a retry.</summary>
    Pending,

    /// <summary>Taken over from another consumer that left it idle past the claim time.</summary>
    Claimed,

    /// <summary>Never delivered before.</summary>
    New,
}

/// <param name="Id">The entry's stream id, which acknowledging takes.</param>
/// <param name="Fields">The entry's fields; empty when the entry was deleted from the stream while pending.</param>
/// <param name="DeliveryCount">How many times the group has delivered it, this time included.</param>
public sealed record StreamMessage(string Id, IReadOnlyDictionary<string, string> Fields, long DeliveryCount, StreamMessageSource Source)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}
