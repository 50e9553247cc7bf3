using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Ideation.Contracts.Documents.V1;
using Ideation.ServiceDefaults.Errors;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>
/// The documents service's side of scanning, in memory, as scan_verdicts.proto describes it and
/// documents implements it: a claim takes a lease; a live lease of another scanner is IN_PROGRESS; a
/// recorded verdict, a stale job or an unknown document is DONE; too many claims without a verdict give
/// up (FAILED), claims given back with DeferScan not counted; a scanner may claim again a lease it holds
/// (a retry); the first verdict of a generation is kept and later ones change nothing; CLEAN that did
/// not cover every byte counts as UNSCANNABLE.
/// It records every call, for tests to inspect.
/// </summary>
public sealed class ScanLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _documents = new(StringComparer.Ordinal);
    private readonly List<(StartScanRequest Request, string Caller)> _claims = [];
    private readonly List<RecordVerdictRequest> _verdictCalls = [];
    private readonly List<DeferScanRequest> _deferrals = [];
    private readonly List<(string Document, string? TraceId)> _traces = [];
    private TaskCompletionSource _startScanGate = Open();

    /// <summary>How long a claim holds; documents uses ten minutes.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Claims of one generation without a verdict before the scan gives up.</summary>
    public int MaxClaims { get; init; } = 10;

    /// <summary>Completes when a StartScan call arrives while calls are held.</summary>
    public TaskCompletionSource StartScanArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(string name, string bucket, string key, long size, long generation = 1)
    {
        lock (_lock)
        {
            _documents[name] = new Entry { Bucket = bucket, Key = key, Size = size, Generation = generation };
        }
    }

    /// <summary>Makes StartScan calls wait until <see cref="ReleaseStartScans"/>.</summary>
    public void HoldStartScans()
    {
        _startScanGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StartScanArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseStartScans() => _startScanGate.TrySetResult();

    /// <summary>Notes the trace a call about <paramref name="document"/> arrived in (its Activity on the server).</summary>
    public void NoteTrace(string document, Activity? call)
    {
        lock (_lock)
        {
            _traces.Add((document, call?.TraceId.ToHexString()));
        }
    }

    /// <summary>The trace id of every call about <paramref name="document"/>, null for a call outside any trace.</summary>
    public IReadOnlyList<string?> TracesOf(string document)
    {
        lock (_lock)
        {
            return [.. _traces.Where(call => call.Document == document).Select(call => call.TraceId)];
        }
    }

    public async Task<ScanAssignment> StartScanAsync(StartScanRequest request, string caller, CancellationToken cancellationToken)
    {
        StartScanArrived.TrySetResult();
        await _startScanGate.Task.WaitAsync(cancellationToken);
        lock (_lock)
        {
            _claims.Add((request, caller));
            var now = DateTimeOffset.UtcNow;
            if (!_documents.TryGetValue(request.Document, out var entry) || request.Generation != entry.Generation || entry.Verdict is not null)
            {
                return new ScanAssignment { Outcome = ScanAssignment.Types.Outcome.Done, Generation = request.Generation };
            }

            if (entry.LeaseExpires > now && entry.LeaseHolder != request.Scanner)
            {
                return new ScanAssignment { Outcome = ScanAssignment.Types.Outcome.InProgress, Generation = entry.Generation };
            }

            if (entry.Claims - entry.Deferrals >= MaxClaims)
            {
                entry.Verdict = new RecordVerdictRequest { Document = request.Document, Generation = entry.Generation, Verdict = ScanState.Failed, Detail = "gave up" };
                return new ScanAssignment { Outcome = ScanAssignment.Types.Outcome.GaveUp, Generation = entry.Generation };
            }

            entry.Claims++;
            entry.LeaseHolder = request.Scanner;
            entry.LeaseExpires = now + Lease;
            return new ScanAssignment
            {
                Outcome = ScanAssignment.Types.Outcome.Scan,
                Generation = entry.Generation,
                Bucket = entry.Bucket,
                Key = entry.Key,
                SizeBytes = entry.Size,
                LeaseExpireTime = Timestamp.FromDateTimeOffset(entry.LeaseExpires),
                Attempt = entry.Claims,
            };
        }
    }

    /// <summary>Gives the claim back when the caller holds the latest claim of an owed scan, as documents does.</summary>
    public ScanDeferral DeferScan(DeferScanRequest request)
    {
        lock (_lock)
        {
            _deferrals.Add(request);
            var entry = Find(request.Document);
            if (request.Generation != entry.Generation || entry.Verdict is not null || entry.LeaseHolder != request.Scanner || request.Attempt != entry.Claims)
            {
                return new ScanDeferral { Deferred = false, Deferrals = entry.Deferrals };
            }

            entry.Deferrals++;
            entry.LeaseHolder = null;
            entry.LeaseExpires = default;
            return new ScanDeferral { Deferred = true, Deferrals = entry.Deferrals };
        }
    }

    /// <summary>Every DeferScan call for the document.</summary>
    public IReadOnlyList<DeferScanRequest> DeferralsFor(string name)
    {
        lock (_lock)
        {
            return _deferrals.Where(deferral => deferral.Document == name).ToList();
        }
    }

    public Document RecordVerdict(RecordVerdictRequest request)
    {
        lock (_lock)
        {
            _verdictCalls.Add(request);
            var entry = Find(request.Document);
            if (request.Verdict is not (ScanState.Clean or ScanState.Infected or ScanState.Unscannable or ScanState.Failed))
            {
                throw RpcErrors.InvalidArgument("verdict", "must be CLEAN, INFECTED, UNSCANNABLE or FAILED");
            }

            // Idempotent: the first verdict of the current generation stands; any other changes nothing.
            if (request.Generation == entry.Generation && entry.Verdict is null)
            {
                entry.Verdict = request.Verdict == ScanState.Clean && request.ScannedBytes != entry.Size
                    ? new RecordVerdictRequest(request) { Verdict = ScanState.Unscannable, Detail = $"the scan covered {request.ScannedBytes} of {entry.Size} bytes" }
                    : request;
                entry.LeaseHolder = null;
            }

            if (entry.Verdict is null)
            {
                return new Document { Name = request.Document, ScanState = ScanState.Scanning };
            }

            return new Document
            {
                Name = request.Document,
                ScanState = entry.Verdict.Verdict,
                ThreatName = entry.Verdict.Detail,
                EngineVersion = entry.Verdict.EngineVersion,
                SignatureVersion = entry.Verdict.SignatureVersion,
                ScanTime = entry.Verdict.ScanTime,
            };
        }
    }

    /// <summary>The verdict that stands for the document's current generation, if any.</summary>
    public RecordVerdictRequest? VerdictOf(string name)
    {
        lock (_lock)
        {
            return Find(name).Verdict;
        }
    }

    public IReadOnlyList<RecordVerdictRequest> VerdictCallsFor(string name)
    {
        lock (_lock)
        {
            return _verdictCalls.Where(call => call.Document == name).ToList();
        }
    }

    /// <summary>Every StartScan call for the document, with the caller's token subject.</summary>
    public IReadOnlyList<(StartScanRequest Request, string Caller)> ClaimsFor(string name)
    {
        lock (_lock)
        {
            return _claims.Where(claim => claim.Request.Document == name).ToList();
        }
    }

    public int ClaimCount
    {
        get
        {
            lock (_lock)
            {
                return _claims.Count;
            }
        }
    }

    private Entry Find(string name) =>
        _documents.TryGetValue(name, out var entry) ? entry : throw RpcErrors.NotFound("Document", name);

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed class Entry
    {
        public required string Bucket { get; init; }
        public required string Key { get; init; }
        public required long Size { get; init; }
        public required long Generation { get; init; }
        public int Claims { get; set; }
        public int Deferrals { get; set; }
        public string? LeaseHolder { get; set; }
        public DateTimeOffset LeaseExpires { get; set; }
        public RecordVerdictRequest? Verdict { get; set; }
    }
}
