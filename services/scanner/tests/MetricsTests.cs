using Google.Protobuf;
using Grpc.Core;
using Ideation.Contracts.Scanner.V1;
using Ideation.Scanner.Tests.Jobs;
using Ideation.Testing;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Scanner.Tests;

/// <summary>The scanner's metrics, read from its management port as Prometheus reads them, following real scans by the real clamd.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Scan_jobs_record_their_duration_by_verdict_and_the_bytes_clamd_read()
    {
        await using var bed = await JobsTestBed.StartAsync();
        using var management = Management(bed.ManagementPort);
        var clean = TestFiles.Pdf("Bike racks at HQ");
        var eicar = TestFiles.Eicar();
        var before = await MetricsScrape.ReadAsync(management);

        var (cleanDocument, _) = await bed.SubmitAsync(clean);
        var (infectedDocument, _) = await bed.SubmitAsync(eicar);
        Assert.Equal(ScanState.Clean, (await bed.VerdictAsync(cleanDocument)).Verdict);
        Assert.Equal(ScanState.Infected, (await bed.VerdictAsync(infectedDocument)).Verdict);

        // The verdict reaches documents before the scanner counts it: wait for the count.
        var after = await MetricsScrape.UntilAsync(management,
            scrape => Increase(before, scrape, "scanner_scan_duration_seconds_count", ("result", "infected")) == 1
                && Increase(before, scrape, "scanner_scan_duration_seconds_count", ("result", "clean")) == 1,
            "both verdicts are counted");
        Assert.Equal("histogram", after.TypeOf("scanner_scan_duration_seconds"));
        Assert.Equal("counter", after.TypeOf("scanner_scanned_bytes_total"));
        Assert.Equal(clean.Length + eicar.Length, Increase(before, after, "scanner_scanned_bytes_total"));
        Assert.Equal(1, Increase(before, after, "scanner_jobs_total", ("result", "clean")));
        Assert.NotNull(after.Value("scanner_scan_duration_seconds_bucket", ("result", "clean"), ("le", "0.05")));
        Assert.NotNull(after.Value("scanner_scan_duration_seconds_bucket", ("result", "clean"), ("le", "600")));
        Assert.Equal(1, Increase(before, after, "scanner_scan_duration_seconds_bucket", ("result", "clean"), ("le", "+Inf")));
    }

    [Fact]
    public async Task Each_clamd_is_reported_up_or_down_and_a_database_without_a_date_has_no_age()
    {
        await using var dead = await LocalServer.StartClamdAsync();
        dead.Kill();
        await using var bed = await JobsTestBed.StartAsync(settings => settings.Clamd = [SharedServers.Clamd, dead.Endpoint]);
        using var management = Management(bed.ManagementPort);

        var scrape = await MetricsScrape.UntilAsync(management,
            scrape => scrape.Value("scanner_clamd_up", ("clamd", SharedServers.Clamd)) == 1
                && scrape.Value("scanner_clamd_up", ("clamd", dead.Endpoint)) == 0
                && scrape.ValueOrZero("redis_round_trip_seconds_count") > 0,
            "both daemons are reported, and Redis measured");

        Assert.Equal("gauge", scrape.TypeOf("scanner_clamd_up"));
        // The tests' clamd loads a local signature file: VERSION carries no database date.
        Assert.Null(scrape.Value("scanner_signatures_age_seconds", ("clamd", SharedServers.Clamd)));
        Assert.Equal("histogram", scrape.TypeOf("redis_round_trip_seconds"));
    }

    [Fact]
    public async Task Content_scanned_through_the_grpc_api_counts_as_scanned_bytes()
    {
        var (servicePort, managementPort) = (FreePort.Next(), FreePort.Next());
        var clamd = ClamdServer.Options();
        await using var scanner = ScannerFixture.Start(servicePort, managementPort, clamd.Host, clamd.Port);
        await scanner.StartAsync();
        using var management = Management(managementPort);
        using var channel = TestChannels.ForAddress($"http://127.0.0.1:{servicePort}");
        var content = TestFiles.Pdf("Minutes of the idea review board");
        var before = await MetricsScrape.ReadAsync(management);

        using (var call = new ScannerService.ScannerServiceClient(channel).ScanStream(
            new Metadata { { "authorization", $"Bearer {TestIdentity.Token("documents-service", "scanner")}" } }))
        {
            await call.RequestStream.WriteAsync(new ScanStreamRequest { Chunk = ByteString.CopyFrom(content) });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }

        var after = await MetricsScrape.ReadAsync(management);
        Assert.Equal(content.Length, Increase(before, after, "scanner_scanned_bytes_total"));
        await scanner.StopAsync();
    }

    private static HttpClient Management(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    private static double Increase(MetricsScrape before, MetricsScrape after, string name, params (string Label, string Value)[] labels) =>
        after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);
}
