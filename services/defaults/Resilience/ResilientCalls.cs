using System.Threading.RateLimiting;
using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// The calls of one process to one other service (<paramref name="target"/>), in this order: a bulkhead
/// (at most <see cref="CallPolicy.MaxConcurrentCalls"/> in flight, a bounded queue, then UNAVAILABLE at
/// once, so a slow service cannot hold every request and connection of its callers); retries with
/// exponential backoff and full jitter within a <see cref="RetryBudget"/>, of every transient failure
/// when the calls are <paramref name="idempotent"/>, and otherwise only of a call that provably never
/// reached the server (<see cref="UnprocessedCalls"/>); a circuit breaker that fails calls at once while the service keeps
/// failing. Every failure leaves as an <see cref="RpcException"/>: an open circuit or a full bulkhead
/// is UNAVAILABLE, which callers already treat as "try again later".
/// </summary>
public sealed class ResilientCalls : IDisposable
{
    private readonly string _target;
    private readonly ConcurrencyLimiter _bulkhead;
    private readonly RetryBudget _budget;
    private readonly ResiliencePipeline _pipeline;

    public ResilientCalls(string target, CallPolicy policy, bool idempotent, TimeProvider? time = null)
    {
        var problems = policy.Problems(target).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _target = target;
        _budget = new RetryBudget(policy.RetryBudgetTokens, policy.RetryBudgetTokenRatio);
        _bulkhead = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = policy.MaxConcurrentCalls,
            QueueLimit = policy.MaxQueuedCalls,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        ResilienceMetrics.CircuitState.WithLabels(target).Set(0);

        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (policy.MaxAttempts > 1)
        {
            // A call that is not idempotent is tried again only when it never reached the server: one
            // the server may have processed must not run twice.
            Func<Exception?, bool> retryable = idempotent ? IsTransient : UnprocessedCalls.NeverReachedServer;
            builder.AddRetry(new RetryStrategyOptions
            {
                // An open circuit is not retried: it answers at once, which is its point.
                ShouldHandle = arguments => ValueTask.FromResult(retryable(arguments.Outcome.Exception) && ShouldRetry(arguments.Outcome.Exception)),
                MaxRetryAttempts = policy.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.RetryDelay,
                OnRetry = _ =>
                {
                    ResilienceMetrics.Retries.WithLabels(target).Inc();
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Each attempt counts: when most fail, stop calling for a while instead of making every caller
        // wait out deadlines (and retries) against a service that is down.
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = arguments => ValueTask.FromResult(IsTransient(arguments.Outcome.Exception)),
            FailureRatio = policy.FailureRatio,
            MinimumThroughput = policy.MinimumThroughput,
            SamplingDuration = policy.SamplingDuration,
            BreakDuration = policy.BreakDuration,
            OnOpened = _ =>
            {
                ResilienceMetrics.CircuitOpened.WithLabels(target).Inc();
                ResilienceMetrics.CircuitState.WithLabels(target).Set(2);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                ResilienceMetrics.CircuitState.WithLabels(target).Set(1);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                ResilienceMetrics.CircuitState.WithLabels(target).Set(0);
                return ValueTask.CompletedTask;
            },
        });
        _pipeline = builder.Build();
    }

    /// <summary>UNAVAILABLE (a restart, a refused connection, an open circuit downstream) and DEADLINE_EXCEEDED (an attempt's own deadline).</summary>
    public static bool IsTransient(Exception? exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded };

    /// <summary>
    /// Runs <paramref name="attempt"/> (once per attempt) under the bulkhead, retries and breaker. A call
    /// waits in the bulkhead's queue until its <paramref name="deadline"/> at most, then fails as
    /// DEADLINE_EXCEEDED: a deadline is a promise to the caller, and a queue must not outlive it.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken, DateTime? deadline = null)
    {
        using var lease = await AcquireSlotAsync(deadline, cancellationToken);
        if (!lease.IsAcquired)
        {
            ResilienceMetrics.BulkheadRejected.WithLabels(_target).Inc();
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"Too many calls to {_target} are in flight already; retry in a moment."));
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                async (calls, token) => await calls.AttemptAsync(attempt, token),
                this, cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"{_target} has been failing; calls to it are paused for a few seconds.", exception));
        }
    }

    public void Dispose() => _bulkhead.Dispose();

    private async Task<RateLimitLease> AcquireSlotAsync(DateTime? deadline, CancellationToken cancellationToken)
    {
        if (deadline is not { } due || due == DateTime.MaxValue)
        {
            return await _bulkhead.AcquireAsync(1, cancellationToken);
        }

        using var untilDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        untilDeadline.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (due.ToUniversalTime() - DateTime.UtcNow).Ticks)));
        try
        {
            return await _bulkhead.AcquireAsync(1, untilDeadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The call's deadline passed while it waited for one of the calls to {_target} in flight to end."));
        }
    }

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            var result = await attempt(cancellationToken);
            _budget.RecordSuccess();
            return result;
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            _budget.RecordFailure();
            throw;
        }
    }

    private bool ShouldRetry(Exception? exception)
    {
        // Past the caller's deadline a retry could only fail at once (DeadlineClientInterceptor).
        if (!IsTransient(exception) || IncomingDeadline.Value <= DateTime.UtcNow)
        {
            return false;
        }

        if (_budget.AllowsRetry)
        {
            return true;
        }

        ResilienceMetrics.RetriesRefused.WithLabels(_target).Inc();
        return false;
    }
}
