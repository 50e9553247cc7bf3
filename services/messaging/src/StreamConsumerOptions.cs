namespace Ideation.Messaging;

/// <summary>Which stream and group a consumer reads, under which name, and how it finds abandoned entries.</summary>
public sealed class StreamConsumerOptions
{
    /// <summary>The stream's key.</summary>
    public string Stream { get; set; } = "";

    /// <summary>The consumer group: each entry goes to one consumer of the group.</summary>
    public string Group { get; set; } = "";

    /// <summary>
    /// This consumer's name, unique among the group's live consumers and stable across restarts of
    /// the same instance, so that a restarted instance reads its own unfinished entries first. The
    /// default, host name and process id, is the pod name plus pid 1 in a container, which a container
    /// restart keeps.
    /// </summary>
    public string Consumer { get; set; } = InstanceName();

    /// <summary>
    /// An entry another consumer read and did not acknowledge for this long counts as abandoned (its
    /// consumer died) and is claimed. Must exceed the longest time a live consumer needs for one entry.
    /// </summary>
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often to look for abandoned entries.</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pause between reads of an empty stream. StackExchange.Redis multiplexes one connection and
    /// does not support XREADGROUP's BLOCK, so an idle consumer polls.
    /// </summary>
    public TimeSpan PollDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public static string InstanceName() => $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Throws with a message naming what to configure.</summary>
    public void Validate(string section)
    {
        if (string.IsNullOrWhiteSpace(Stream) || string.IsNullOrWhiteSpace(Group) || string.IsNullOrWhiteSpace(Consumer))
        {
            throw new InvalidOperationException($"{section}: Stream, Group and Consumer must be set.");
        }

        if (ClaimIdle <= TimeSpan.Zero || ClaimInterval < TimeSpan.Zero || PollDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{section}: ClaimIdle must be above zero, ClaimInterval and PollDelay at least zero.");
        }
    }
}
