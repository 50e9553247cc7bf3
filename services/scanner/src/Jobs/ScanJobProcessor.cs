using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Scanner.Clamd;
using Polly;
using Polly.Retry;
using Dependency = Ideation.Contracts.Documents.V1.DeferScanRequest.Types.Dependency;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// One scan job from claim to verdict. Each attempt claims the scan with StartScan, streams the object
/// from storage into a clamd that answers PING, and returns clamd's verdict, which RecordVerdict then
/// records. A storage or clamd error is first put to the dependency itself: if clamd no longer answers
/// PING, or storage no longer answers a HEAD of the object, the failure is an outage, not the
/// document's, and the claim is given back with DeferScan (documents does not count it towards its
/// claim limit) and the job left pending until the dependency answers again. Otherwise the error is the
/// document's: retried with exponential backoff and jitter, each retry claiming again, and when the
/// attempts are used up the verdict is FAILED. Without documents answering the job is left pending too:
/// an outage uses up no attempt and loses no job.
/// </summary>
public sealed class ScanJobProcessor
{
    /// <summary>Documents keeps at most this much of a deferral's detail.</summary>
    private const int MaxDeferDetailLength = 1024;

    private readonly ClamdPool _clamd;
    private readonly ScanVerdictService.ScanVerdictServiceClient _documents;
    private readonly ObjectScanner _scanner;
    private readonly StorageWatch _storage;
    private readonly ScanJobOptions _options;
    private readonly DocumentsOptions _documentsOptions;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public ScanJobProcessor(
        ClamdPool clamd, ScanVerdictService.ScanVerdictServiceClient documents, ObjectScanner scanner, StorageWatch storage,
        ScanJobOptions options, DocumentsOptions documentsOptions, TimeProvider clock, ILogger<ScanJobProcessor> logger)
    {
        _clamd = clamd;
        _documents = documents;
        _scanner = scanner;
        _storage = storage;
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
        catch (Exception exception) when (exception is ClamdDownException or StorageDownException or DocumentsUnavailableException)
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
        if (_storage.IsDown)
        {
            // Another lane found storage out of reach since this one read the job: a claim would only be given back.
            throw new StorageDownException("storage is out of reach");
        }

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
            // Whose fault: a dependency that no longer answers had an outage; one that answers failed on this document.
            if (!await _clamd.AnswersAsync(cancellationToken))
            {
                var error = $"clamd stopped answering during the scan ({exception.Message})";
                await DeferClaimAsync(job, assignment, Dependency.Clamd, error, cancellationToken);
                throw new ClamdDownException(error, exception);
            }

            if (!await _storage.AnswersAsync(assignment.Bucket, assignment.Key, cancellationToken))
            {
                var cause = Describe(exception, assignment);
                var error = $"storage is out of reach ({cause})";
                _storage.ReportDown(assignment.Bucket, assignment.Key, cause);
                await DeferClaimAsync(job, assignment, Dependency.Storage, error, cancellationToken);
                throw new StorageDownException(error, exception);
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
    /// Gives the claim back to documents, so that it does not count against the document. Best effort:
    /// when documents cannot be told (unreachable, or a version without DeferScan), the claim's lease
    /// expires as before and the claim counts.
    /// </summary>
    private async Task DeferClaimAsync(ScanJob job, ScanAssignment claim, Dependency dependency, string error, CancellationToken cancellationToken)
    {
        var request = new DeferScanRequest
        {
            Document = job.Document,
            Generation = claim.Generation,
            Scanner = _options.Consumer,
            Attempt = claim.Attempt,
            Dependency = dependency,
            Detail = error.Length > MaxDeferDetailLength ? error[..MaxDeferDetailLength] : error,
        };
        var name = dependency == Dependency.Storage ? "storage" : "clamd";
        try
        {
            var deferral = await _documents.DeferScanAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
            if (deferral.Deferred)
            {
                _logger.ClaimDeferred(job.Document, claim.Generation, claim.Attempt, name, deferral.Deferrals);
            }
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.DeferFailed(job.Document, claim.Generation, claim.Attempt, $"{exception.StatusCode}: {exception.Status.Detail}");
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
        catch (RpcException exception) when (IsStorageUnavailable(exception))
        {
            // Documents could not move the infected bytes to quarantine: storage is down for it, and for
            // this scanner's next reads. Not the document's fault: give the claim back, keep the job.
            var error = $"documents could not record the verdict: {exception.Status.Detail}";
            _storage.ReportDown(claim.Bucket, claim.Key, error);
            await DeferClaimAsync(job, claim, Dependency.Storage, error, cancellationToken);
            return Defer(job, error);
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

    /// <summary>Documents' answer when its object storage failed (reason STORAGE_UNAVAILABLE).</summary>
    private static bool IsStorageUnavailable(RpcException exception) =>
        exception.StatusCode == StatusCode.Unavailable
        && exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason == "STORAGE_UNAVAILABLE";

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
