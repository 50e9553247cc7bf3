using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Contracts.Scanner.V1;
using Ideation.Testing;
using static Ideation.Contracts.Scanner.V1.ScanResult.Types;

namespace Ideation.Scanner.Tests;

/// <summary>ScanStream and GetEngineInfo through real gRPC channels, scanned by the real clamd.</summary>
public sealed class ScannerServiceTests(ScannerFixture scanner) : IClassFixture<ScannerFixture>
{
    private static readonly Metadata ScannerIdentity = Bearer(TestIdentity.Token("documents-service", "scanner"));

    [Fact]
    public async Task Clean_content_is_clean_with_its_size_and_engine()
    {
        var content = Encoding.UTF8.GetBytes("Minutes of the idea review board.");

        var result = await ScanAsync(content, chunkSize: 8, ScannerIdentity);

        Assert.Equal(Verdict.Clean, result.Verdict);
        Assert.Equal(content.Length, result.SizeBytes);
        Assert.StartsWith("1.", result.Engine.EngineVersion, StringComparison.Ordinal);
        Assert.NotNull(result.ScanTime);
    }

    [Fact]
    public async Task Eicar_split_across_chunks_is_infected()
    {
        var content = new byte[300_000];
        TestFiles.Eicar().CopyTo(content, 150_000);

        // Chunks of 7 bytes, so the signature straddles many of them.
        var result = await ScanAsync(content, chunkSize: 7, ScannerIdentity);

        Assert.Equal(Verdict.Infected, result.Verdict);
        Assert.Contains("Eicar", result.ThreatName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Content_past_clamds_limit_is_unscannable()
    {
        var content = new byte[ClamdServer.LimitBytes + 2 * 1024 * 1024];
        Random.Shared.NextBytes(content);

        var result = await ScanAsync(content, chunkSize: 1024 * 1024, ScannerIdentity);

        Assert.Equal(Verdict.Unscannable, result.Verdict);
        Assert.NotEmpty(result.Detail);
    }

    [Fact]
    public async Task A_zip64_archive_is_unscannable_with_the_reason()
    {
        var content = TestZips.Build([new TestZipEntry("minutes.txt", Encoding.ASCII.GetBytes("Minutes of the idea review board."))], Zip64End.RecordAndLocator);

        var result = await ScanAsync(content, chunkSize: 16, ScannerIdentity);

        Assert.Equal(Verdict.Unscannable, result.Verdict);
        Assert.StartsWith("Ideation.Archive.Zip64: ", result.Detail, StringComparison.Ordinal);
        Assert.Equal(content.Length, result.SizeBytes);
    }

    [Fact]
    public async Task Engine_info_names_the_clamav_version()
    {
        var client = scanner.Client(out var channel);
        using var _ = channel;

        var engine = await client.GetEngineInfoAsync(new GetEngineInfoRequest(), ScannerIdentity);

        Assert.StartsWith("1.", engine.EngineVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_cannot_use_the_scanner()
    {
        var client = scanner.Client(out var channel);
        using var _ = channel;

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.GetEngineInfoAsync(new GetEngineInfoRequest()).ResponseAsync);
        var submitter = await Assert.ThrowsAsync<RpcException>(() => client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(TestIdentity.Submitter())).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, submitter.StatusCode);
    }

    [Fact]
    public async Task Readiness_follows_clamd()
    {
        using var http = new HttpClient();
        var ready = await http.GetAsync($"http://127.0.0.1:{scanner.ManagementPort}/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The same scanner pointed at a port where no clamd listens: not ready, and scans fail as UNAVAILABLE.
        var servicePort = FreePort.Next();
        var managementPort = FreePort.Next();
        await using var orphan = ScannerFixture.Start(servicePort, managementPort, "127.0.0.1", FreePort.Next());
        await orphan.StartAsync();

        var notReady = await http.GetAsync($"http://127.0.0.1:{managementPort}/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);

        using var channel = TestChannels.ForAddress($"http://127.0.0.1:{servicePort}");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new ScannerService.ScannerServiceClient(channel).GetEngineInfoAsync(new GetEngineInfoRequest(), ScannerIdentity).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await orphan.StopAsync();
    }

    private async Task<ScanResult> ScanAsync(byte[] content, int chunkSize, Metadata headers)
    {
        var client = scanner.Client(out var channel);
        using var _ = channel;
        using var call = client.ScanStream(headers);
        try
        {
            for (var offset = 0; offset < content.Length; offset += chunkSize)
            {
                var length = Math.Min(chunkSize, content.Length - offset);
                await call.RequestStream.WriteAsync(new ScanStreamRequest { Chunk = ByteString.CopyFrom(content, offset, length) });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception writeRefused) when (writeRefused is InvalidOperationException or RpcException)
        {
            // The scanner answered before the end (clamd stopped at its limit). Depending on when the
            // answer lands, grpc-dotnet refuses the next write as InvalidOperationException ("the call
            // is complete") or as an RpcException carrying the call's final status, even OK. The
            // answer below stands either way; if the call really failed, awaiting it throws that error.
        }

        return await call.ResponseAsync;
    }

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
