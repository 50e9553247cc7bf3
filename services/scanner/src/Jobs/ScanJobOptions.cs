using Ideation.Messaging;

namespace Ideation.Scanner.Jobs;

/// <summary>How the scanner takes scan jobs from the queue. Section <c>Scanner:Jobs</c>.</summary>
public sealed class ScanJobOptions
{
    public const string Section = "Scanner:Jobs";

    /// <summary>Off only for a scanner that serves the gRPC API alone (its tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Redis stream documents publishes jobs to.</summary>
    public string Stream { get; set; } = "ideation:scan-jobs";

    /// <summary>The consumer group every scanner instance joins: each job goes to one of them.</summary>
    public string Group { get; set; } = "scanners";

    /// <summary>This instance's consumer name; the default (host name and process id) is right in a pod.</summary>
    public string Consumer { get; set; } = StreamConsumerOptions.InstanceName();

    /// <summary>Jobs scanned at once.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Attempts per job (each claims the scan again) before an S3 or clamd error becomes a FAILED verdict.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry of an attempt; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A job another instance read and left unacknowledged this long belongs to a dead instance and is
    /// claimed. Longer than documents' scan lease (10 min) and than the longest scan, so that a live
    /// instance's job is not taken, and a taken one finds the lease expired.
    /// </summary>
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromMinutes(11);

    /// <summary>How often to look for jobs of dead instances.</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between reads of an empty queue.</summary>
    public TimeSpan PollDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest a scan may take, reading from storage included; past it the verdict is UNSCANNABLE.</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a job was left pending (documents unreachable, clamd gone), wait this long before trying it again.</summary>
    public TimeSpan ResumeDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often to ask clamd again while none answers.</summary>
    public TimeSpan ClamdCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After storage was found out of reach, the first wait before asking it again; each further
    /// failed check doubles it (with jitter) up to <see cref="StorageCheckMaxInterval"/>. No job is
    /// claimed meanwhile.
    /// </summary>
    public TimeSpan StorageCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between two checks of a storage that stays out of reach.</summary>
    public TimeSpan StorageCheckMaxInterval { get; set; } = TimeSpan.FromMinutes(1);

    public StreamConsumerOptions ToConsumerOptions() => new()
    {
        Stream = Stream,
        Group = Group,
        Consumer = Consumer,
        ClaimIdle = ClaimIdle,
        ClaimInterval = ClaimInterval,
        PollDelay = PollDelay,
    };

    /// <summary>Throws with a message naming what to configure.</summary>
    public void Validate()
    {
        ToConsumerOptions().Validate(Section);
        if (Concurrency < 1 || MaxAttempts < 1)
        {
            throw new InvalidOperationException($"{Section}: Concurrency and MaxAttempts must be at least 1.");
        }

        if (ScanTimeout <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero || ResumeDelay < TimeSpan.Zero || ClamdCheckInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}: ScanTimeout and ClamdCheckInterval must be above zero, RetryDelay and ResumeDelay at least zero.");
        }

        if (StorageCheckInterval <= TimeSpan.Zero || StorageCheckMaxInterval < StorageCheckInterval)
        {
            throw new InvalidOperationException($"{Section}: StorageCheckInterval must be above zero and StorageCheckMaxInterval at least as long.");
        }
    }
}
