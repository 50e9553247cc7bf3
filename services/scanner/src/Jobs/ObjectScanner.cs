using Amazon.S3;
using Amazon.S3.Model;
using Ideation.Scanner.Archives;
using Ideation.Scanner.Clamd;
using Ideation.Scanner.Metrics;

namespace Ideation.Scanner.Jobs;

/// <param name="Verdict">clamd's verdict, Unscannable "scan timed out", or Unscannable for an archive the structure check refused.</param>
/// <param name="BytesRead">Bytes read from storage and sent to clamd.</param>
/// <param name="Engine">The engine and signature versions of the daemon that scanned.</param>
public sealed record ObjectScan(ScanVerdict Verdict, long BytesRead, ClamdVersion Engine);

/// <summary>
/// Streams one stored object from S3 straight into clamd's INSTREAM: the response body is read in
/// chunks as clamd takes them, so memory stays at one chunk whatever the object's size. The archive
/// structure check (<see cref="ArchiveInspection"/>) reads the same chunks on their way, and has the
/// last word on a clean verdict.
/// </summary>
public sealed class ObjectScanner(IAmazonS3 storage, ScanJobOptions options)
{
    public const string TimedOut = "scan timed out";

    /// <summary>
    /// Scans the object with <paramref name="clamd"/>. Storage and clamd failures throw (the caller
    /// retries); a scan, storage read included, that outlasts the scan timeout is Unscannable.
    /// </summary>
    public async Task<ObjectScan> ScanAsync(ClamdClient clamd, string bucket, string key, CancellationToken cancellationToken)
    {
        // The versions first: they name the signatures this verdict was reached with.
        var engine = await clamd.VersionAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ScanTimeout);
        CountingReadStream? content = null;
        try
        {
            using var response = await storage.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, timeout.Token);
            content = new CountingReadStream(response.ResponseStream);
            var archives = new ArchiveInspection();
            // No time limit of the client's own: this scan's limit is the token's, storage included.
            var verdict = await clamd.ScanAsync(new ArchiveInspectingStream(content, archives), Timeout.InfiniteTimeSpan, timeout.Token);
            return new ObjectScan(archives.Judge(verdict), content.BytesRead, engine);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ObjectScan(new ScanVerdict(ScanOutcome.Unscannable, TimedOut), content?.BytesRead ?? 0, engine);
        }
        finally
        {
            if (content is not null)
            {
                // Counted whatever the outcome: clamd read these bytes, verdict or not.
                ClamdMetrics.Scanned(content.BytesRead);
                await content.DisposeAsync();
            }
        }
    }
}
