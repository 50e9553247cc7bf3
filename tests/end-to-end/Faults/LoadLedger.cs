using System.Collections.Concurrent;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>An idea the load created, with the latest change the platform acknowledged for it.</summary>
public sealed class AcknowledgedIdea(string name, string title)
{
    public string Name { get; } = name;
    public string Title { get; } = title;

    /// <summary>The highest acknowledged revision: each update writes "revision N" into the description.</summary>
    public int Revision { get; set; }

    /// <summary>The furthest acknowledged workflow state, as its rank (draft 1, submitted 2, under review 3).</summary>
    public int StateRank { get; set; } = 1;
}

/// <summary>An acknowledged upload and the verdict its content must end with.</summary>
public sealed record AcknowledgedUpload(string Name, string ExpectedState);

/// <summary>
/// Every write the platform acknowledged (a 200 with the resource), so that a check after the faults
/// can prove none was lost, and every document the reader could read without it being CLEAN.
/// </summary>
public sealed class LoadLedger
{
    public static readonly IReadOnlyDictionary<string, int> StateRanks = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["STATE_DRAFT"] = 1,
        ["STATE_SUBMITTED"] = 2,
        ["STATE_UNDER_REVIEW"] = 3,
        ["STATE_APPROVED"] = 4,
        ["STATE_REJECTED"] = 4,
        ["STATE_IMPLEMENTED"] = 5,
    };

    private readonly ConcurrentQueue<AcknowledgedIdea> _ideas = new();
    private readonly ConcurrentQueue<AcknowledgedUpload> _uploads = new();
    private readonly ConcurrentQueue<string> _readableBeforeClean = new();
    private long _writes;

    public IReadOnlyCollection<AcknowledgedIdea> Ideas => _ideas;
    public IReadOnlyCollection<AcknowledgedUpload> Uploads => _uploads;

    /// <summary>Documents (with what was seen) that could be downloaded, or got a download URL, while not CLEAN.</summary>
    public IReadOnlyCollection<string> ReadableBeforeClean => _readableBeforeClean;

    /// <summary>Acknowledged writes of every kind: creates, updates, transitions, uploads.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public AcknowledgedIdea Created(string name, string title)
    {
        var idea = new AcknowledgedIdea(name, title);
        _ideas.Enqueue(idea);
        Interlocked.Increment(ref _writes);
        return idea;
    }

    public void Updated(AcknowledgedIdea idea, int revision)
    {
        lock (idea)
        {
            idea.Revision = Math.Max(idea.Revision, revision);
        }

        Interlocked.Increment(ref _writes);
    }

    public void Transitioned(AcknowledgedIdea idea, string state)
    {
        lock (idea)
        {
            idea.StateRank = Math.Max(idea.StateRank, StateRanks[state]);
        }

        Interlocked.Increment(ref _writes);
    }

    public void Uploaded(string name, string expectedState)
    {
        _uploads.Enqueue(new AcknowledgedUpload(name, expectedState));
        Interlocked.Increment(ref _writes);
    }

    public void ReadBeforeClean(string what) => _readableBeforeClean.Enqueue(what);
}
