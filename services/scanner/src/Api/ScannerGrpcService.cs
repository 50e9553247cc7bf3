using System.IO.Pipelines;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Scanner.V1;
using Ideation.Scanner.Archives;
using Ideation.Scanner.Clamd;
using Ideation.Scanner.Metrics;
using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authorization;
using static Ideation.Contracts.Scanner.V1.ScanResult.Types;

namespace Ideation.Scanner.Api;

/// <summary>ideation.scanner.v1.ScannerService: scans for the platform's own services, never for users.</summary>
[Authorize(Roles = $"{Roles.Scanner},{Roles.Admin}")]
public sealed class ScannerGrpcService(ClamdPool clamd, TimeProvider clock) : ScannerService.ScannerServiceBase
{
    public override async Task<ScanResult> ScanStream(IAsyncStreamReader<ScanStreamRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        // The request stream feeds clamd through a pipe: chunks go on as they arrive, with
        // back-pressure, so memory stays at the pipe's buffer whatever the size of the content.
        var pipe = new Pipe();
        using var stopForwarding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var forwarding = ForwardAsync(requestStream, pipe.Writer, stopForwarding.Token);

        ScanVerdict verdict;
        long size;
        ClamdClient daemon;
        try
        {
            daemon = await PickAsync(cancellationToken);
            await using var content = pipe.Reader.AsStream();
            // The archive structure check reads along, as for scan jobs: clamd's OK alone is not enough.
            var archives = new ArchiveInspection();
            verdict = archives.Judge(await daemon.ScanAsync(new ArchiveInspectingStream(content, archives), cancellationToken));
        }
        catch (ClamdException exception)
        {
            throw ScannerErrors.ClamdUnavailable(exception);
        }
        finally
        {
            // clamd may have answered before the end (past its stream limit) or failed: stop
            // reading the caller's stream rather than wait for the rest of it.
            if (!forwarding.IsCompleted)
            {
                await stopForwarding.CancelAsync();
            }

            size = await forwarding;
            ClamdMetrics.Scanned(size);
        }

        return new ScanResult
        {
            Verdict = verdict.Outcome switch
            {
                ScanOutcome.Clean => Verdict.Clean,
                ScanOutcome.Infected => Verdict.Infected,
                _ => Verdict.Unscannable,
            },
            ThreatName = verdict.ThreatName ?? "",
            Detail = verdict.Outcome == ScanOutcome.Unscannable ? verdict.Detail : "",
            SizeBytes = size,
            Engine = await EngineAsync(daemon, cancellationToken),
            ScanTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
    }

    public override async Task<EngineInfo> GetEngineInfo(GetEngineInfoRequest request, ServerCallContext context)
    {
        try
        {
            return await EngineAsync(await PickAsync(context.CancellationToken), context.CancellationToken);
        }
        catch (ClamdException exception)
        {
            throw ScannerErrors.ClamdUnavailable(exception);
        }
    }

    /// <summary>A daemon that answers now; the scan and its engine info come from the same one.</summary>
    private async Task<ClamdClient> PickAsync(CancellationToken cancellationToken) =>
        await clamd.PickAsync(cancellationToken) ?? throw new ClamdException($"No clamd answers PING ({clamd.Endpoints}).");

    /// <summary>
    /// Copies the caller's chunks into the pipe and returns how many bytes it forwarded: all of
    /// them, or those before clamd stopped reading (it answered early) or the scan was stopped.
    /// </summary>
    private static async Task<long> ForwardAsync(IAsyncStreamReader<ScanStreamRequest> requests, PipeWriter writer, CancellationToken stop)
    {
        long size = 0;
        try
        {
            while (await requests.MoveNext(stop))
            {
                var chunk = requests.Current.Chunk;
                size += chunk.Length;
                var flush = await writer.WriteAsync(chunk.Memory, stop);
                if (flush.IsCompleted)
                {
                    break;
                }
            }

            await writer.CompleteAsync();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await writer.CompleteAsync();
        }
        catch (Exception exception)
        {
            // The scan reads this as a broken stream, so clamd's answer is never taken for the whole content.
            await writer.CompleteAsync(exception);
            throw;
        }

        return size;
    }

    private static async Task<EngineInfo> EngineAsync(ClamdClient daemon, CancellationToken cancellationToken)
    {
        try
        {
            var version = await daemon.VersionAsync(cancellationToken);
            return new EngineInfo
            {
                EngineVersion = version.Engine,
                SignatureVersion = version.Signatures,
                SignatureTime = version.SignatureTime is { } time ? Timestamp.FromDateTime(time) : null,
            };
        }
        catch (ClamdException exception)
        {
            throw ScannerErrors.ClamdUnavailable(exception);
        }
    }
}
