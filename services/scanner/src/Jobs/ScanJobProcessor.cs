using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Scanner.Clamd;
using Polly;
using Polly.Retry;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// One scan job from claim to verdict. Each attempt claims the scan with StartScan, streams the object
/// from storage into a clamd that answers PING, and returns clamd's verdict, which RecordVerdict then
/// records. Storage and clamd errors are retried with exponential backoff and jitter, each retry
/// claiming again; when the attempts are used up with clamd alive, the verdict is FAILED. Without a
/// clamd answering, or without documents answering, the job is left pending: an outage uses up no
/// attempt and loses no job.
/// </summary>
public sealed class ScanJobProcessor
{
    private readonly ClamdPool _clamd;
    private readonly ScanVerdictService.ScanVerdictServiceClient _documents;
    private readonly ObjectScanner _scanner;
    private readonly ScanJobOptions _options;
    private readonly DocumentsOptions _documentsOptions;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public ScanJobProcessor(
        ClamdPool clamd, ScanVerdictService.ScanVerdictServiceClient documents, ObjectScanner scanner,
        ScanJobOptions options, DocumentsOptions documentsOptions, TimeProvider clock, ILogger<ScanJobProcessor> logger)
    {
        _clamd = clamd;
        _documents = documents;
        _scanner = scanner;
        _options = options;
        _documentsOptions = documentsOptions;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Processes <paramref name="job"/>. <paramref name="stopping"/> means "start no new attempt";
    /// <paramref name="abort"/> cuts the running one off (the entry then stays pending).
    /// </summary>
    public async Task<JobResult> ProcessAsync(ScanJob job, CancellationToken stopping, CancellationToken abort)
    {
        var started = _clock.GetTimestamp();
        var attempts = 0;
        ScanAssignment? claim = null;
        try
        {
            var outcome = await Retry(job, stopping).ExecuteAsync(async token =>
            {
                attempts++;
                return await AttemptAsync(job, assignment => claim = assignment, token);
            }, abort);
            return outcome switch
            {
                Dropped dropped => Drop(job, dropped.Reason),
                Scanned scanned => await RecordAsync(job, scanned.Claim, Verdict(scanned.Scan), scanned.Scan, started, abort),
                _ => throw new InvalidOperationException($"Unknown outcome {outcome}."),
            };
        }
        catch (ScanAttemptException failure) when (attempts >= _options.MaxAttempts && claim is not null)
        {
            return await RecordAsync(job, claim, (ScanState.Failed, failure.Message), scan: null, started, abort);
        }
        catch (ScanAttemptException failure)
        {
            return Defer(job, $"stopping before attempt {attempts + 1} of {_options.MaxAttempts}: {failure.Message}");
        }
        catch (Exception exception) when (exception is ClamdDownException or DocumentsUnavailableException)
        {
            return Defer(job, exception.Message);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return Defer(job, "cut off by shutdown");
        }
    }

    private ResiliencePipeline Retry(ScanJob job, CancellationToken stopping)
    {
        if (_options.MaxAttempts == 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = _options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = TimeSpan.FromMinutes(1),
            // A stopping instance finishes its attempt but starts no other: the job stays pending for the next.
            ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is ScanAttemptException && !stopping.IsCancellationRequested),
            OnRetry = arguments =>
            {
                _logger.AttemptFailed(job.Document, job.Generation, arguments.AttemptNumber + 1, arguments.Outcome.Exception!.Message);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private async Task<Outcome> AttemptAsync(ScanJob job, Action<ScanAssignment> claimed, CancellationToken cancellationToken)
    {
        // Before claiming: with no clamd answering, a claim would only use up one of the scan's attempts.
        var daemon = await _clamd.PickAsync(cancellationToken)
            ?? throw new ClamdDownException($"no clamd answers PING ({_clamd.Endpoints})");
        var assignment = await StartScanAsync(job, cancellationToken);
        if (assignment is null)
        {
            return new Dropped("the document is gone or the job is malformed");
        }

        if (assignment.Outcome != ScanAssignment.Types.Outcome.Scan)
        {
            return new Dropped(assignment.Outcome.ToString());
        }

        claimed(assignment);
        ObjectScan scan;
        try
        {
            scan = await _scanner.ScanAsync(daemon, assignment.Bucket, assignment.Key, cancellationToken);
        }
        catch (Exception exception) when (IsStorageOrClamdFailure(exception))
        {
            if (!await _clamd.AnswersAsync(cancellationToken))
            {
                throw new ClamdDownException($"clamd stopped answering during the scan ({exception.Message})", exception);
            }

            throw new ScanAttemptException(Describe(exception, assignment), exception);
        }

        return new Scanned(assignment, scan);
    }

    /// <summary>The claim; null when documents says the job can never be done (no such document, malformed job).</summary>
    private async Task<ScanAssignment?> StartScanAsync(ScanJob job, CancellationToken cancellationToken)
    {
        try
        {
            return await _documents.StartScanAsync(
                new StartScanRequest { Document = job.Document, Generation = job.Generation, Scanner = _options.Consumer },
                deadline: Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DocumentsUnavailableException($"documents answered StartScan with {exception.StatusCode}: {exception.Status.Detail}", exception);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Records the verdict with the bytes actually scanned; documents itself refuses CLEAN for a scan
    /// that did not cover the upload's every byte (it records UNSCANNABLE).
    /// </summary>
    private async Task<JobResult> RecordAsync(
        ScanJob job, ScanAssignment claim, (ScanState State, string Detail) verdict, ObjectScan? scan, long started, CancellationToken cancellationToken)
    {
        var request = new RecordVerdictRequest
        {
            Document = job.Document,
            Generation = claim.Generation,
            Verdict = verdict.State,
            Detail = verdict.Detail,
            EngineVersion = scan?.Engine.Engine ?? "",
            SignatureVersion = scan?.Engine.Signatures ?? "",
            ScanTime = Timestamp.FromDateTimeOffset(_clock.GetUtcNow()),
            ScannedBytes = scan?.BytesRead ?? 0,
        };
        try
        {
            await _documents.RecordVerdictAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Deleted while it was scanned: the verdict has no document to go to.
            return Drop(job, $"RecordVerdict answered {exception.StatusCode}: {exception.Status.Detail}");
        }
        catch (RpcException exception)
        {
            // Keep the job: claiming it again later finds the lease ours or expired, or the verdict recorded.
            return Defer(job, $"documents answered RecordVerdict with {exception.StatusCode}: {exception.Status.Detail}");
        }

        _logger.VerdictRecorded(job.Document, claim.Generation, verdict.State.ToString(), verdict.Detail, request.ScannedBytes, claim.Attempt);
        var result = verdict.State.ToString().ToLowerInvariant();
        ScanJobMetrics.Jobs.WithLabels(result).Inc();
        ScanJobMetrics.ScanDuration.WithLabels(result).Observe(_clock.GetElapsedTime(started).TotalSeconds);
        return JobResult.Acknowledge;
    }

    private JobResult Drop(ScanJob job, string reason)
    {
        _logger.JobDropped(job.Document, job.Generation, reason);
        ScanJobMetrics.Jobs.WithLabels("dropped").Inc();
        return JobResult.Acknowledge;
    }

    private JobResult Defer(ScanJob job, string reason)
    {
        _logger.JobDeferred(job.Document, job.Generation, reason);
        ScanJobMetrics.Jobs.WithLabels("deferred").Inc();
        return JobResult.LeavePending;
    }

    private DateTime Deadline() => _clock.GetUtcNow().UtcDateTime + _documentsOptions.CallTimeout;

    private static (ScanState, string) Verdict(ObjectScan scan) => scan.Verdict.Outcome switch
    {
        ScanOutcome.Clean => (ScanState.Clean, ""),
        ScanOutcome.Infected => (ScanState.Infected, scan.Verdict.Detail),
        _ => (ScanState.Unscannable, scan.Verdict.Detail),
    };

    private static bool IsStorageOrClamdFailure(Exception exception) =>
        exception is ClamdException or AmazonServiceException or ObjectReadException or IOException or HttpRequestException or SocketException;

    private static string Describe(Exception exception, ScanAssignment assignment) => exception switch
    {
        AmazonS3Exception storage => $"storage could not read {assignment.Bucket}/{assignment.Key}: {storage.ErrorCode} ({(int)storage.StatusCode}) {storage.Message}",
        _ => exception.Message,
    };

    private abstract record Outcome;

    /// <summary>Nothing to scan: done, superseded, held by another scanner, given up, or gone.</summary>
    private sealed record Dropped(string Reason) : Outcome;

    private sealed record Scanned(ScanAssignment Claim, ObjectScan Scan) : Outcome;
}
