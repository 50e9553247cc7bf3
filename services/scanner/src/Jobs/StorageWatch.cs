using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// Whether object storage can be reached, as the scans found it. Storage is not part of the scanner's
/// readiness (the scanner serves without it; documents' readiness reports it), so nothing else tells the
/// worker: when a scan's read fails, storage is asked directly (a HEAD of the object it was reading),
/// and if that fails too, storage is out of reach and the lanes claim no scan until a check answers
/// again. Checks back off exponentially with jitter, from <see cref="ScanJobOptions.StorageCheckInterval"/>
/// to <see cref="ScanJobOptions.StorageCheckMaxInterval"/>, so an outage of hours costs one HEAD
/// request a minute and no claim; one lane checks while the others wait for its answer.
/// </summary>
public sealed class StorageWatch(IAmazonS3 storage, ScanJobOptions options, TimeProvider clock, ILogger<StorageWatch> logger)
{
    /// <summary>A check that takes longer than this counts as no answer.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _checking = new(1, 1);
    private volatile CheckTarget? _down;
    private int _failedChecks;

    /// <summary>True from a scan finding storage out of reach until a check answers again.</summary>
    public bool IsDown => _down is not null;

    /// <summary>
    /// True when storage answers a HEAD of <paramref name="bucket"/>/<paramref name="key"/>: any answer
    /// of the server about the object (even "no such key" or "access denied") proves it can be reached;
    /// no connection, a timeout or a server error (5xx) does not.
    /// </summary>
    public async Task<bool> AnswersAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await storage.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, timeout.Token);
            return true;
        }
        catch (AmazonServiceException answer) when (answer.StatusCode is > 0 and < HttpStatusCode.InternalServerError)
        {
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A scan found storage out of reach, reading <paramref name="bucket"/>/<paramref name="key"/>: claim nothing until it answers.</summary>
    public void ReportDown(string bucket, string key, string error)
    {
        if (Interlocked.CompareExchange(ref _down, new CheckTarget(bucket, key), null) is null)
        {
            logger.StorageDown(error);
        }
    }

    /// <summary>Returns at once while storage is not known to be down; otherwise checks it, with backoff, until it answers.</summary>
    public async Task UntilReachableAsync(CancellationToken stopping)
    {
        if (_down is null)
        {
            return;
        }

        await _checking.WaitAsync(stopping);
        try
        {
            while (_down is { } target)
            {
                await Task.Delay(NextDelay(), clock, stopping);
                if (await AnswersAsync(target.Bucket, target.Key, stopping))
                {
                    _failedChecks = 0;
                    _down = null;
                    logger.StorageBack();
                }
                else
                {
                    _failedChecks++;
                }
            }
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>The check interval doubled for each failed check, capped, with "equal jitter": between half of it and all of it.</summary>
    private TimeSpan NextDelay()
    {
        var interval = options.StorageCheckInterval.TotalMilliseconds * Math.Pow(2, Math.Min(_failedChecks, 30));
        var capped = Math.Min(interval, options.StorageCheckMaxInterval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private sealed record CheckTarget(string Bucket, string Key);
}
