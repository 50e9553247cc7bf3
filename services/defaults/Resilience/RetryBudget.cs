namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// Caps retries to a share of the traffic, as gRPC's retry throttling does: a bucket of
/// <paramref name="maxTokens"/> tokens loses one per failed attempt and gains <paramref name="tokenRatio"/>
/// per success; retries are allowed only while it is more than half full. When a dependency fails
/// most calls, the callers stop multiplying its load by their retry count and fail at once instead;
/// a healthy dependency's occasional failure is still retried.
/// </summary>
public sealed class RetryBudget(double maxTokens = 10, double tokenRatio = 0.1)
{
    private readonly Lock _lock = new();
    private readonly double _maxTokens = maxTokens;
    private double _tokens = maxTokens;

    /// <summary>Whether a failed attempt may be retried now.</summary>
    public bool AllowsRetry
    {
        get
        {
            lock (_lock)
            {
                return _tokens > _maxTokens / 2;
            }
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _tokens = Math.Min(_maxTokens, _tokens + tokenRatio);
        }
    }

    public void RecordFailure()
    {
        lock (_lock)
        {
            _tokens = Math.Max(0, _tokens - 1);
        }
    }
}
