using Grpc.Core;
using Ideation.Documents.Configuration;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Ideation.Documents.Ideas;

/// <summary>How calls to the ideas service survive its restarts and how they stop piling onto an outage.</summary>
internal static class IdeasResilience
{
    public static ResiliencePipeline Create(IdeasClientOptions options) =>
        new ResiliencePipelineBuilder()
            // Outermost: UNAVAILABLE (a restart, a connection refused) usually passes within a second,
            // and an attempt past its own deadline (an instance just started, still compiling its
            // first queries) usually passes on the next. GetIdea is a read, so a retry is harmless.
            // An open circuit is not retried: it answers at once, which is its point.
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(exception =>
                    exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            // Each attempt counts: when most calls fail, stop calling for a while instead of making
            // every upload wait out deadlines and retries against a service that is down.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(exception =>
                    exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded),
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .Build();
}
