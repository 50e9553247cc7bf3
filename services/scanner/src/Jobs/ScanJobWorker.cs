using System.Collections.Concurrent;
using System.Diagnostics;
using Ideation.Messaging;
using Ideation.Scanner.Clamd;
using StackExchange.Redis;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// Takes scan jobs from the Redis stream and hands each to <see cref="ScanJobProcessor"/>, with
/// <see cref="ScanJobOptions.Concurrency"/> lanes each doing one job at a time. A lane reads only
/// while a clamd answers PING and storage is not known to be out of reach (<see cref="StorageWatch"/>),
/// so an outage claims nothing. A job the processor leaves pending (a
/// dependency was down) makes every lane pause, then start again with this instance's pending jobs,
/// before new ones. On stop, lanes read nothing new and finish their current job; what the host's
/// shutdown timeout cuts off stays pending, for this instance after a restart or for another one.
/// </summary>
public sealed class ScanJobWorker : BackgroundService
{
    private readonly ScanJobProcessor _processor;
    private readonly ClamdPool _clamd;
    private readonly StorageWatch _storage;
    private readonly IConnectionMultiplexer _redis;
    private readonly ScanJobOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<string, bool> _inFlight = new(StringComparer.Ordinal);
    private long _resumeAtTicks;
    private int _clamdDown;

    public ScanJobWorker(
        ScanJobProcessor processor, ClamdPool clamd, StorageWatch storage, IConnectionMultiplexer redis, ScanJobOptions options,
        TimeProvider clock, ILoggerFactory loggers)
    {
        _processor = processor;
        _clamd = clamd;
        _storage = storage;
        _redis = redis;
        _options = options;
        _clock = clock;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ScanJobWorker>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consumer = new RedisStreamConsumer(_redis, _options.ToConsumerOptions(), _loggers.CreateLogger<RedisStreamConsumer>(), _clock);
        await UntilRedisAnswersAsync(consumer.EnsureGroupAsync, stoppingToken);
        _logger.WorkerStarted(consumer.Name, _options.Group, _options.Stream, _options.Concurrency);

        var lanes = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => RunLaneAsync(consumer, stoppingToken), CancellationToken.None));
        await Task.WhenAll(lanes);
    }

    /// <summary>Stops reading at once; running jobs go on until done or until the host's shutdown timeout fires.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _logger.Draining(_inFlight.Count);
        await using var cutOff = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    private async Task RunLaneAsync(RedisStreamConsumer consumer, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await UntilClamdAnswersAsync(stopping);
                await _storage.UntilReachableAsync(stopping);
                await UntilResumeTimeAsync(stopping);
                foreach (var message in await consumer.ReadAsync(1, stopping))
                {
                    await HandleAsync(consumer, message, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsRedisFailure(exception))
            {
                _logger.RedisUnreachable(exception.Message);
                await PauseAsync(_options.ResumeDelay, stopping);
            }
        }
    }

    private async Task HandleAsync(RedisStreamConsumer consumer, StreamMessage message, CancellationToken stopping)
    {
        // Revisiting pending entries can return one another lane is working on: leave it to that lane.
        if (!_inFlight.TryAdd(message.Id, true))
        {
            return;
        }

        Activity? processing = null;
        try
        {
            var job = ScanJob.From(message);
            if (job is null)
            {
                _logger.MalformedJob(message.Id);
                await consumer.AcknowledgeAsync(message.Id);
                return;
            }

            // Everything from here on (the S3 read, StartScan and RecordVerdict in documents, the log
            // lines) belongs to the trace of the upload that queued the job.
            processing = MessageTracing.StartProcessing(_options.Stream, job.EntryId, job.TraceParent);
            processing.SetTag("ideation.document", job.Document);
            processing.SetTag("ideation.scan.generation", job.Generation);
            if (job.Source == StreamMessageSource.New)
            {
                _logger.JobStarted(job.EntryId, job.Document, job.Generation);
            }
            else
            {
                // A retry, a restart or a rescue from a dead instance: worth a line, with how often it was tried.
                _logger.JobResumed(job.EntryId, job.Document, job.Generation, job.Source, job.DeliveryCount);
            }

            var result = await _processor.ProcessAsync(job, stopping, _abort.Token);
            if (result == JobResult.Acknowledge)
            {
                await consumer.AcknowledgeAsync(job.EntryId);
            }
            else
            {
                LeavePending(consumer);
            }
        }
        catch (Exception exception) when (!IsRedisFailure(exception) && exception is not OperationCanceledException)
        {
            processing?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            _logger.JobCrashed(message.Id, exception);
            LeavePending(consumer);
        }
        finally
        {
            processing?.Dispose();
            _inFlight.TryRemove(message.Id, out _);
        }
    }

    /// <summary>A job waits: pause every lane, then start again with the pending jobs, oldest first.</summary>
    private void LeavePending(RedisStreamConsumer consumer)
    {
        Interlocked.Exchange(ref _resumeAtTicks, (_clock.GetUtcNow() + _options.ResumeDelay).UtcTicks);
        consumer.RevisitPending();
    }

    private async Task UntilResumeTimeAsync(CancellationToken stopping)
    {
        var wait = new DateTimeOffset(Interlocked.Read(ref _resumeAtTicks), TimeSpan.Zero) - _clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _clock, stopping);
        }
    }

    private async Task UntilClamdAnswersAsync(CancellationToken stopping)
    {
        while (!await _clamd.AnswersAsync(stopping))
        {
            if (Interlocked.Exchange(ref _clamdDown, 1) == 0)
            {
                _logger.ClamdDown(_clamd.Endpoints);
            }

            await Task.Delay(_options.ClamdCheckInterval, _clock, stopping);
        }

        if (Interlocked.Exchange(ref _clamdDown, 0) == 1)
        {
            _logger.ClamdBack();
        }
    }

    private async Task UntilRedisAnswersAsync(Func<Task> call, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception exception) when (IsRedisFailure(exception))
            {
                _logger.RedisUnreachable(exception.Message);
                await Task.Delay(_options.ResumeDelay, _clock, stopping);
            }
        }
    }

    private async Task PauseAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _clock, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the lane's loop ends.
        }
    }

    /// <summary>StackExchange.Redis's timeouts derive from TimeoutException, not RedisException.</summary>
    private static bool IsRedisFailure(Exception exception) => exception is RedisException or RedisTimeoutException;
}
