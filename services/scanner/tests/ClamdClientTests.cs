using System.Text;
using Ideation.Scanner.Clamd;
using Ideation.Testing;

namespace Ideation.Scanner.Tests;

/// <summary>The INSTREAM client against a real clamd holding the EICAR test signature.</summary>
public sealed class ClamdClientTests
{
    private readonly ClamdClient _client = new(ClamdServer.Options());

    [Fact]
    public async Task Clamd_answers_ping_and_version()
    {
        Assert.True(await _client.PingAsync(CancellationToken.None));
        var version = await _client.VersionAsync(CancellationToken.None);
        Assert.StartsWith("1.", version.Engine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Harmless_text_is_clean()
    {
        var verdict = await ScanAsync(Encoding.UTF8.GetBytes("A plain proposal for more bike racks."));

        Assert.Equal(ScanVerdict.Clean, verdict);
    }

    [Fact]
    public async Task The_eicar_test_file_is_infected()
    {
        var verdict = await ScanAsync(TestFiles.Eicar());

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
        Assert.Contains("Eicar", verdict.ThreatName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Eicar_after_ten_megabytes_of_padding_is_found_in_a_trickled_stream()
    {
        var content = new byte[10 * 1024 * 1024 + TestFiles.Eicar().Length];
        Random.Shared.NextBytes(content.AsSpan(0, 10 * 1024 * 1024));
        TestFiles.Eicar().CopyTo(content, 10 * 1024 * 1024);

        // Short, uneven reads, as from a network stream: chunks must not depend on full reads.
        var verdict = await _client.ScanAsync(new TricklingStream(content, maxRead: 7_777), CancellationToken.None);

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
    }

    [Fact]
    public async Task Eicar_inside_a_zip_is_infected()
    {
        var verdict = await ScanAsync(TestFiles.Zip(("docs/readme.txt", TestFiles.Eicar())));

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
    }

    [Fact]
    public async Task An_archive_that_unpacks_past_the_limit_is_unscannable_not_clean()
    {
        // About twenty kilobytes that unpack past clamd's limit: a small zip bomb.
        var verdict = await ScanAsync(TestFiles.Zip(("bomb.bin", new byte[ClamdServer.LimitBytes + 1024 * 1024])));

        Assert.Equal(ScanOutcome.Unscannable, verdict.Outcome);
        Assert.StartsWith("Heuristics.Limits.Exceeded", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_archive_is_unscannable_not_clean()
    {
        var verdict = await ScanAsync(TestFiles.MarkEncrypted(TestFiles.Zip(("secret.txt", Encoding.ASCII.GetBytes("hidden")))));

        Assert.Equal(ScanOutcome.Unscannable, verdict.Outcome);
        Assert.StartsWith("Heuristics.Encrypted", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_past_clamds_limit_is_unscannable_not_clean()
    {
        var content = new byte[ClamdServer.LimitBytes + 1024 * 1024];
        Random.Shared.NextBytes(content);

        var verdict = await ScanAsync(content);

        Assert.Equal(ScanOutcome.Unscannable, verdict.Outcome);
    }

    [Fact]
    public async Task An_unreachable_clamd_is_an_error_to_retry_never_a_verdict()
    {
        var options = ClamdServer.Options();
        var nobody = new ClamdClient(new ClamdOptions { Host = options.Host, Port = FreePort.Next() });

        Assert.False(await nobody.PingAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ClamdException>(() => nobody.ScanAsync(new MemoryStream([1, 2, 3]), CancellationToken.None));
    }

    private Task<ScanVerdict> ScanAsync(byte[] content) => _client.ScanAsync(new MemoryStream(content), CancellationToken.None);
}
