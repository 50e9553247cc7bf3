using Grpc.Core;
using Ideation.ServiceDefaults.Resilience;
using Xunit;

namespace Ideation.Documents.Tests.Unit;

/// <summary>The policies of calls between services (ResilientCalls, RetryBudget, deadlines), with fake calls.</summary>
public sealed class CallResilienceTests
{
    private static readonly RpcException Unavailable = new(new Status(StatusCode.Unavailable, "down"));

    /// <summary>As grpc-dotnet reports a call whose connection an instance that stopped listening refused.</summary>
    private static readonly RpcException Refused = new(new Status(StatusCode.Unavailable, "Error starting gRPC call.",
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:5101)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))));

    private static CallPolicy Policy(Action<CallPolicy>? change = null)
    {
        var policy = new CallPolicy { RetryDelay = TimeSpan.Zero, MinimumThroughput = 100 };
        change?.Invoke(policy);
        return policy;
    }

    [Fact]
    public async Task An_idempotent_call_is_retried_on_unavailable_until_it_succeeds()
    {
        using var calls = new ResilientCalls("test-retry", Policy(), idempotent: true);
        var attempts = 0;

        var result = await calls.ExecuteAsync(_ => ++attempts < 3 ? throw Unavailable : Task.FromResult("ok"), CancellationToken.None);

        Assert.Equal("ok", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_call_that_is_not_idempotent_is_made_once()
    {
        using var calls = new ResilientCalls("test-once", Policy(), idempotent: false);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync<string>(_ => { attempts++; throw Unavailable; }, CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_call_that_is_not_idempotent_is_retried_when_its_connection_was_refused()
    {
        using var calls = new ResilientCalls("test-refused", Policy(), idempotent: false);
        var attempts = 0;

        var result = await calls.ExecuteAsync(_ => ++attempts < 2 ? throw Refused : Task.FromResult("ok"), CancellationToken.None);

        Assert.Equal("ok", result);
        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData("no cause")]
    [InlineData("response ended")]
    [InlineData("stream reset")]
    [InlineData("deadline")]
    public async Task A_call_that_is_not_idempotent_is_not_retried_when_the_server_may_have_processed_it(string failure)
    {
        using var calls = new ResilientCalls($"test-maybe-processed-{failure}", Policy(), idempotent: false);
        var attempts = 0;

        await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync<string>(_ => { attempts++; throw AfterTheRequestLeft(failure); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    /// <summary>Failures of calls that reached a server (or may have): UNAVAILABLE without a refused connection, or another code.</summary>
    private static RpcException AfterTheRequestLeft(string failure) => failure switch
    {
        "no cause" => Unavailable,
        "response ended" => new(new Status(StatusCode.Unavailable, "Error starting gRPC call.",
            new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))),
        "stream reset" => new(new Status(StatusCode.Unavailable, "Error reading next message.", new IOException("The request was aborted."))),
        // Not UNAVAILABLE: whatever the cause, the call may have run.
        _ => new(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded", Refused)),
    };

    [Theory]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Internal)]
    public async Task Answers_that_another_attempt_would_not_change_are_not_retried(StatusCode code)
    {
        using var calls = new ResilientCalls($"test-final-{code}", Policy(), idempotent: true);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            calls.ExecuteAsync<string>(_ => { attempts++; throw new RpcException(new Status(code, "no")); }, CancellationToken.None));

        Assert.Equal(code, failure.StatusCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task The_retry_budget_stops_retries_when_most_calls_fail()
    {
        using var calls = new ResilientCalls("test-budget", Policy(policy => { policy.RetryBudgetTokens = 4; policy.MaxAttempts = 3; }), idempotent: true);
        var attempts = 0;

        for (var call = 0; call < 5; call++)
        {
            await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync<string>(_ => { attempts++; throw Unavailable; }, CancellationToken.None));
        }

        // 4 tokens, retries only while more than 2 are left: the first call fails twice (4 -> 2), and
        // from then on every call is made once.
        Assert.Equal(2 + 4, attempts);
    }

    [Fact]
    public void The_retry_budget_refills_with_successes()
    {
        var budget = new RetryBudget(maxTokens: 4, tokenRatio: 0.5);
        budget.RecordFailure();
        budget.RecordFailure();
        Assert.False(budget.AllowsRetry);

        budget.RecordSuccess();
        Assert.True(budget.AllowsRetry);
    }

    [Fact]
    public async Task An_open_circuit_fails_calls_at_once_as_unavailable()
    {
        using var calls = new ResilientCalls("test-breaker", Policy(policy => { policy.MinimumThroughput = 4; policy.BreakDuration = TimeSpan.FromMinutes(5); }), idempotent: false);
        for (var call = 0; call < 4; call++)
        {
            await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync<string>(_ => throw Unavailable, CancellationToken.None));
        }

        var attempted = false;
        var failure = await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync(_ => { attempted = true; return Task.FromResult("ok"); }, CancellationToken.None));

        Assert.False(attempted);
        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Contains("paused", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_bulkhead_refuses_the_next_call_at_once_instead_of_queueing_it()
    {
        using var calls = new ResilientCalls("test-bulkhead", Policy(policy => { policy.MaxConcurrentCalls = 2; policy.MaxQueuedCalls = 1; }), idempotent: false);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Enumerable.Range(0, 3).Select(_ => calls.ExecuteAsync(_ => release.Task, CancellationToken.None)).ToList();

        var failure = await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync(_ => Task.FromResult("ok"), CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);

        release.SetResult("done");
        Assert.All(await Task.WhenAll(held), result => Assert.Equal("done", result));
    }

    [Fact]
    public async Task A_call_queued_behind_a_full_bulkhead_fails_as_deadline_exceeded_when_its_deadline_passes()
    {
        using var calls = new ResilientCalls("test-bulkhead-deadline", Policy(policy => { policy.MaxConcurrentCalls = 1; policy.MaxQueuedCalls = 1; }), idempotent: false);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = calls.ExecuteAsync(_ => release.Task, CancellationToken.None);

        var attempted = false;
        var failure = await Assert.ThrowsAsync<RpcException>(() => calls.ExecuteAsync(
            _ => { attempted = true; return Task.FromResult("ok"); }, CancellationToken.None, DateTime.UtcNow.AddMilliseconds(200)));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.False(attempted);
        release.SetResult("done");
        Assert.Equal("done", await held);
        // The slot it waited for is free again, and the expired wait left nothing behind in the queue.
        Assert.Equal("ok", await calls.ExecuteAsync(_ => Task.FromResult("ok"), CancellationToken.None, DateTime.UtcNow.AddSeconds(5)));
    }

    [Fact]
    public void An_outgoing_call_gets_the_earliest_of_its_own_and_the_incoming_deadline()
    {
        var now = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
        var interceptor = new DeadlineClientInterceptor(TimeSpan.FromSeconds(10), new FixedClock(now));

        Assert.Equal(now.AddSeconds(1), interceptor.EffectiveDeadline(now.AddSeconds(2), now.AddSeconds(1)));
        Assert.Equal(now.AddSeconds(2), interceptor.EffectiveDeadline(now.AddSeconds(2), now.AddSeconds(5)));
        Assert.Equal(now.AddSeconds(5), interceptor.EffectiveDeadline(null, now.AddSeconds(5)));
        Assert.Equal(now.AddSeconds(5), interceptor.EffectiveDeadline(DateTime.MaxValue, now.AddSeconds(5)));
        // Background work: no deadline came in and the call set none.
        Assert.Equal(now.AddSeconds(10), interceptor.EffectiveDeadline(null, null));
    }

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
