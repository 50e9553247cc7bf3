using System.Diagnostics;
using System.Text;
using Ideation.Messaging;
using Ideation.Scanner.Jobs;
using Ideation.Testing;
using StackExchange.Redis;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>One scanner at work: jobs from Redis, bytes from S3, verdicts from clamd, recorded through ScanVerdictService.</summary>
public sealed class ScanVerdictTests(ScanVerdictTests.Bed bed) : IClassFixture<ScanVerdictTests.Bed>
{
    private readonly JobsTestBed _bed = bed.Value;

    [Fact]
    public async Task A_clean_object_is_clean_with_every_byte_scanned_and_its_job_is_acknowledged()
    {
        var content = TestFiles.Pdf("Bike racks at HQ");
        var (document, entry) = await _bed.SubmitAsync(content);

        var verdict = await _bed.VerdictAsync(document);

        Assert.Equal(ScanState.Clean, verdict.Verdict);
        Assert.Equal(content.Length, verdict.ScannedBytes);
        Assert.StartsWith("1.", verdict.EngineVersion, StringComparison.Ordinal);
        Assert.NotNull(verdict.ScanTime);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task A_job_continues_the_trace_of_the_upload_that_queued_it_in_its_calls_to_documents()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var document = await _bed.StoreAsync(TestFiles.Pdf("Traced minutes"));
        var entry = await _bed.Queue.PublishRawAsync(
            new NameValueEntry(ScanJob.DocumentField, document),
            new NameValueEntry(ScanJob.GenerationField, "1"),
            new NameValueEntry(MessageTracing.TraceParentField, $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));

        Assert.Equal(ScanState.Clean, (await _bed.VerdictAsync(document)).Verdict);
        await _bed.AcknowledgedAsync(entry);

        // StartScan and RecordVerdict, both in the upload's trace.
        var traces = _bed.Ledger.TracesOf(document);
        Assert.Equal(2, traces.Count);
        Assert.All(traces, trace => Assert.Equal(traceId, trace));
    }

    [Fact]
    public async Task The_eicar_file_is_infected_and_names_the_signature()
    {
        var (document, entry) = await _bed.SubmitAsync(TestFiles.Eicar());

        var verdict = await _bed.VerdictAsync(document);

        Assert.Equal(ScanState.Infected, verdict.Verdict);
        Assert.Contains("Eicar", verdict.Detail, StringComparison.OrdinalIgnoreCase);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task Eicar_inside_a_zip_is_infected()
    {
        var (document, entry) = await _bed.SubmitAsync(TestFiles.Zip(("minutes/notes.txt", TestFiles.Eicar())));

        Assert.Equal(ScanState.Infected, (await _bed.VerdictAsync(document)).Verdict);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task An_encrypted_zip_is_unscannable()
    {
        var (document, entry) = await _bed.SubmitAsync(TestFiles.MarkEncrypted(TestFiles.Zip(("secret.txt", Encoding.ASCII.GetBytes("hidden")))));

        var verdict = await _bed.VerdictAsync(document);

        Assert.Equal(ScanState.Unscannable, verdict.Verdict);
        Assert.StartsWith("Heuristics.Encrypted", verdict.Detail, StringComparison.Ordinal);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task A_zip64_zip_inside_an_ordinary_zip_is_unscannable_and_says_why()
    {
        // clamd answers OK: ClamAV 1.4 does not unpack ZIP64 members. The scanner's own check refuses it.
        var notes = Encoding.ASCII.GetBytes("Quarterly minutes, nothing to see here.\n");
        var content = TestFiles.Zip(("archive/inner.zip", TestZips.Zip64Member("minutes.txt", notes)));
        var (document, entry) = await _bed.SubmitAsync(content);

        var verdict = await _bed.VerdictAsync(document);

        Assert.Equal(ScanState.Unscannable, verdict.Verdict);
        Assert.StartsWith("Ideation.Archive.Zip64: ", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(content.Length, verdict.ScannedBytes);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task An_object_over_clamds_limit_is_unscannable()
    {
        var (document, entry) = await _bed.SubmitAsync(TestFiles.RandomBytes(SharedServers.ClamdLimitBytes + 1024 * 1024, seed: 7));

        var verdict = await _bed.VerdictAsync(document);

        Assert.Equal(ScanState.Unscannable, verdict.Verdict);
        Assert.NotEmpty(verdict.Detail);
        await _bed.AcknowledgedAsync(entry);
    }

    [Fact]
    public async Task The_scanner_calls_documents_with_its_own_service_identity()
    {
        var (document, _) = await _bed.SubmitAsync(TestFiles.Pdf("identity"));
        await _bed.VerdictAsync(document);

        var (request, caller) = Assert.Single(_bed.Ledger.ClaimsFor(document));

        Assert.Equal(ServiceToken.Subject, caller);
        Assert.Equal(_bed.Settings.Consumer, request.Scanner);
    }

    [Fact]
    public async Task A_job_for_a_document_that_is_gone_is_acknowledged_without_a_verdict()
    {
        var unknown = $"ideas/{Guid.NewGuid():N}/documents/{Guid.NewGuid():N}";
        var entry = await _bed.Queue.PublishAsync(unknown);

        await _bed.AcknowledgedAsync(entry);
        Assert.Empty(_bed.Ledger.VerdictCallsFor(unknown));
    }

    [Fact]
    public async Task A_job_whose_verdict_is_recorded_is_acknowledged_without_scanning_again()
    {
        var (document, first) = await _bed.SubmitAsync(TestFiles.Pdf("twice"));
        await _bed.VerdictAsync(document);
        await _bed.AcknowledgedAsync(first);

        // The same job again (documents' relay may publish twice): DONE.
        var again = await _bed.Queue.PublishAsync(document);

        await _bed.AcknowledgedAsync(again);
        Assert.Single(_bed.Ledger.VerdictCallsFor(document));
        Assert.Equal(2, _bed.Ledger.ClaimsFor(document).Count);
    }

    [Fact]
    public async Task A_stale_generation_is_acknowledged_without_scanning()
    {
        var document = _bed.Register(size: 10, generation: 2);

        var entry = await _bed.Queue.PublishAsync(document, generation: 1);

        await _bed.AcknowledgedAsync(entry);
        Assert.Empty(_bed.Ledger.VerdictCallsFor(document));
    }

    [Fact]
    public async Task A_scan_another_scanner_holds_is_left_to_it()
    {
        var document = await _bed.StoreAsync(TestFiles.Pdf("held"));
        await _bed.Ledger.StartScanAsync(new() { Document = document, Generation = 1, Scanner = "other-scanner" }, "service:scanner", CancellationToken.None);

        var entry = await _bed.Queue.PublishAsync(document);

        await _bed.AcknowledgedAsync(entry);
        Assert.Equal(2, _bed.Ledger.ClaimsFor(document).Count);
        Assert.Empty(_bed.Ledger.VerdictCallsFor(document));
    }

    [Fact]
    public async Task A_scan_that_was_given_up_is_acknowledged_without_a_verdict_of_the_scanners()
    {
        var document = _bed.Register(size: 10);
        for (var i = 0; i < _bed.Ledger.MaxClaims; i++)
        {
            await _bed.Ledger.StartScanAsync(new() { Document = document, Generation = 1, Scanner = $"crashed-{i}" }, "service:scanner", CancellationToken.None);
        }

        var entry = await _bed.Queue.PublishAsync(document);

        await _bed.AcknowledgedAsync(entry);
        Assert.Empty(_bed.Ledger.VerdictCallsFor(document));
    }

    [Fact]
    public async Task An_entry_that_is_not_a_scan_job_is_dropped()
    {
        var entry = await _bed.Queue.PublishRawAsync(new NameValueEntry("document", "ideas/x/documents/y"), new NameValueEntry("generation", "first"));

        await _bed.AcknowledgedAsync(entry);
    }

    /// <summary>One scanner and documents double for the whole class.</summary>
    public sealed class Bed : IAsyncLifetime
    {
        public JobsTestBed Value { get; private set; } = null!;

        public async Task InitializeAsync() => Value = await JobsTestBed.StartAsync(ledger: new ScanLedger { Lease = TimeSpan.FromMinutes(10), MaxClaims = 3 });

        public async Task DisposeAsync() => await Value.DisposeAsync();
    }
}
