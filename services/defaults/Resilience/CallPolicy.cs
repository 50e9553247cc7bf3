namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// How a process calls one other service: whether failed attempts may be retried, when the circuit
/// opens, and how many calls may be in flight at once. Bound from each caller's own configuration
/// section (for example <c>Documents:Ideas:Resilience</c>).
/// </summary>
public sealed class CallPolicy
{
    /// <summary>
    /// Attempts per call, the first included, for UNAVAILABLE and DEADLINE_EXCEEDED. Used only by callers
    /// whose calls are idempotent (reads); others make one attempt whatever this says.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's median delay; later ones double, each with full jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Size of the retry budget's bucket (<see cref="RetryBudget"/>): about this many retries in a row before it runs dry.</summary>
    public double RetryBudgetTokens { get; set; } = 10;

    /// <summary>What each successful call puts back into the bucket: 0.1 allows about one retry per ten calls under sustained failure.</summary>
    public double RetryBudgetTokenRatio { get; set; } = 0.1;

    /// <summary>Share of failed attempts (UNAVAILABLE, DEADLINE_EXCEEDED) within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls at once before one trial call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bulkhead: calls in flight to the service at once; the next wait in the queue or fail at once.</summary>
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>Calls that may wait for a free slot (until their deadline); beyond that a call fails at once with UNAVAILABLE.</summary>
    public int MaxQueuedCalls { get; set; } = 64;

    public IEnumerable<string> Problems(string section)
    {
        if (MaxAttempts < 1)
        {
            yield return $"{section}:MaxAttempts must be at least 1.";
        }

        if (RetryDelay < TimeSpan.Zero || BreakDuration <= TimeSpan.Zero || SamplingDuration <= TimeSpan.Zero)
        {
            yield return $"{section}: RetryDelay must not be negative; BreakDuration and SamplingDuration must be above zero.";
        }

        if (FailureRatio is <= 0 or > 1 || MinimumThroughput < 2)
        {
            yield return $"{section}:FailureRatio must be in (0, 1] and MinimumThroughput at least 2.";
        }

        if (RetryBudgetTokens < 1 || RetryBudgetTokenRatio <= 0)
        {
            yield return $"{section}:RetryBudgetTokens must be at least 1 and RetryBudgetTokenRatio above zero.";
        }

        if (MaxConcurrentCalls < 1 || MaxQueuedCalls < 0)
        {
            yield return $"{section}:MaxConcurrentCalls must be at least 1 and MaxQueuedCalls not negative.";
        }
    }
}
