namespace Ideation.Scanner.Jobs;

/// <summary>What to do with a job's stream entry once its processing ends.</summary>
public enum JobResult
{
    /// <summary>Done with: a verdict is recorded, or there was nothing to scan.</summary>
    Acknowledge,

    /// <summary>Not done: leave it pending, to be tried again (by this instance, or another if this one dies).</summary>
    LeavePending,
}
