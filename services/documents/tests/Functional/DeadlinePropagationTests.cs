using System.Net;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Configuration;
using Ideation.Documents.Ideas;
using Ideation.ServiceDefaults.Resilience;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// Deadlines across a hop, over real HTTP/2 sockets: documents' client of the ideas service
/// (IdeaDirectory) against a stand-in ideas server that runs the platform's server interceptor and
/// records what deadline each call arrived with.
/// </summary>
public sealed class DeadlinePropagationTests : IAsyncLifetime
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    private readonly int _port = FreePort.Next();
    private readonly DeadlineRecorder _recorder = new();
    private WebApplication? _ideas;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(_recorder);
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<DeadlineServerInterceptor>());
        _ideas = builder.Build();
        _ideas.MapGrpcService<RecordingIdeas>();
        await _ideas.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ideas is not null)
        {
            await _ideas.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_call_made_while_serving_another_gets_what_remains_of_the_callers_deadline()
    {
        using var directory = Directory();
        var callersDeadline = DateTime.UtcNow.AddSeconds(5);

        await ServingACallUntil(callersDeadline, () => directory.GetAsync("ideas/0198c0de-0000-7000-8000-000000000001", "Bearer x", CancellationToken.None));

        var arrived = Assert.Single(_recorder.Deadlines);
        // grpc-timeout carries the time left; the server adds it to its own clock on arrival, so the
        // deadline arrives a transit time late at most: near the caller's 5 s, far from the own 20 s.
        Assert.InRange(arrived.Context, callersDeadline - TimeSpan.FromSeconds(1), callersDeadline + TimeSpan.FromSeconds(5));
        Assert.Equal(arrived.Context, arrived.Incoming);
    }

    [Fact]
    public async Task Without_a_callers_deadline_a_call_gets_its_own_timeout()
    {
        using var directory = Directory();
        var before = DateTime.UtcNow;

        await directory.GetAsync("ideas/0198c0de-0000-7000-8000-000000000001", "Bearer x", CancellationToken.None);

        var arrived = Assert.Single(_recorder.Deadlines);
        Assert.InRange(arrived.Context, before + AttemptTimeout - TimeSpan.FromSeconds(1), DateTime.UtcNow + AttemptTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task No_call_is_made_once_the_callers_deadline_has_passed()
    {
        using var directory = Directory();

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            ServingACallUntil(DateTime.UtcNow.AddMilliseconds(-1), () => directory.GetAsync("ideas/0198c0de-0000-7000-8000-000000000001", "Bearer x", CancellationToken.None)));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Empty(_recorder.Deadlines);
    }

    [Fact]
    public async Task A_call_queued_behind_a_full_bulkhead_ends_at_the_callers_deadline_not_when_a_slot_frees()
    {
        using var directory = Directory(new CallPolicy { MaxConcurrentCalls = 1, MaxQueuedCalls = 1 });
        _recorder.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holdingTheSlot = directory.GetAsync("ideas/0198c0de-0000-7000-8000-000000000001", "Bearer x", CancellationToken.None);
        await _recorder.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var queued = await Assert.ThrowsAsync<RpcException>(() =>
            ServingACallUntil(DateTime.UtcNow.AddMilliseconds(300), () => directory.GetAsync("ideas/0198c0de-0000-7000-8000-000000000002", "Bearer x", CancellationToken.None)));

        // It gave up while the slot was still taken: the caller's deadline, not the first call's end, ended its wait.
        Assert.Equal(StatusCode.Unavailable, queued.StatusCode);
        Assert.False(holdingTheSlot.IsCompleted);
        Assert.Equal(1, _recorder.Count);
        _recorder.Hold.SetResult();
        await holdingTheSlot;
    }

    private IdeaDirectory Directory(CallPolicy? resilience = null) => new(
        Options.Create(new IdeasClientOptions { Address = $"http://127.0.0.1:{_port}", Timeout = AttemptTimeout, Resilience = resilience ?? new CallPolicy() }),
        NullLogger<IdeaDirectory>.Instance);

    /// <summary>Runs <paramref name="work"/> as a handler runs it while serving a call with that deadline.</summary>
    private static async Task ServingACallUntil(DateTime deadline, Func<Task<Idea>> work)
    {
        await Task.Run(async () =>
        {
            IncomingDeadline.Set(deadline);
            await work();
        });
    }

    public sealed class DeadlineRecorder
    {
        public List<(DateTime Context, DateTime? Incoming)> Deadlines { get; } = [];

        /// <summary>When set, every call is answered only once it completes: a slow ideas service.</summary>
        public TaskCompletionSource? Hold { get; set; }

        /// <summary>Completes when the first call arrives.</summary>
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count
        {
            get
            {
                lock (this)
                {
                    return Deadlines.Count;
                }
            }
        }
    }

    public sealed class RecordingIdeas(DeadlineRecorder recorder) : IdeaService.IdeaServiceBase
    {
        public override async Task<Idea> GetIdea(GetIdeaRequest request, ServerCallContext context)
        {
            lock (recorder)
            {
                recorder.Deadlines.Add((context.Deadline, IncomingDeadline.Value));
            }

            recorder.Arrived.TrySetResult();
            if (recorder.Hold is { } hold)
            {
                await hold.Task;
            }

            return new Idea { Name = request.Name };
        }
    }
}
