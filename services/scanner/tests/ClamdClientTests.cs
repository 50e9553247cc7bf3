using System.IO.Compression;
using System.Text;
using Ideation.Scanner.Clamd;

namespace Ideation.Scanner.Tests;

/// <summary>The INSTREAM client against a real clamd holding the EICAR test signature.</summary>
public sealed class ClamdClientTests
{
    private const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

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
        var verdict = await ScanAsync(Encoding.ASCII.GetBytes(Eicar));

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
        Assert.Contains("Eicar", verdict.ThreatName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Eicar_after_ten_megabytes_of_padding_is_found_in_a_trickled_stream()
    {
        var content = new byte[10 * 1024 * 1024 + Eicar.Length];
        Random.Shared.NextBytes(content.AsSpan(0, 10 * 1024 * 1024));
        Encoding.ASCII.GetBytes(Eicar).CopyTo(content, 10 * 1024 * 1024);

        // Short, uneven reads, as from a network stream: chunks must not depend on full reads.
        var verdict = await _client.ScanAsync(new TricklingStream(content, maxRead: 7_777), CancellationToken.None);

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
    }

    [Fact]
    public async Task Eicar_inside_a_zip_is_infected()
    {
        var verdict = await ScanAsync(Zip(("docs/readme.txt", Encoding.ASCII.GetBytes(Eicar))));

        Assert.Equal(ScanOutcome.Infected, verdict.Outcome);
    }

    [Fact]
    public async Task An_archive_that_unpacks_past_the_limit_is_unscannable_not_clean()
    {
        // About twenty kilobytes that unpack past clamd's limit: a small zip bomb.
        var verdict = await ScanAsync(Zip(("bomb.bin", new byte[ClamdServer.LimitBytes + 1024 * 1024])));

        Assert.Equal(ScanOutcome.Unscannable, verdict.Outcome);
        Assert.StartsWith("Heuristics.Limits.Exceeded", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_archive_is_unscannable_not_clean()
    {
        var verdict = await ScanAsync(MarkEncrypted(Zip(("secret.txt", Encoding.ASCII.GetBytes("hidden")))));

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
        var nobody = new ClamdClient(new ClamdOptions { Host = options.Host, Port = FreeLoopbackPort() });

        Assert.False(await nobody.PingAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ClamdException>(() => nobody.ScanAsync(new MemoryStream([1, 2, 3]), CancellationToken.None));
    }

    private Task<ScanVerdict> ScanAsync(byte[] content) => _client.ScanAsync(new MemoryStream(content), CancellationToken.None);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Sets the "encrypted" flag (general purpose bit 0) in every local and central header.</summary>
    private static byte[] MarkEncrypted(byte[] zip)
    {
        for (var i = 0; i + 8 < zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            if (signature == 0x04034b50)
            {
                zip[i + 6] |= 1;
            }
            else if (signature == 0x02014b50)
            {
                zip[i + 8] |= 1;
            }
        }

        return zip;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class TricklingStream(byte[] content, int maxRead) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }
}
