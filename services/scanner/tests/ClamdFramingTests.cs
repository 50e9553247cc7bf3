using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ideation.Scanner.Clamd;

namespace Ideation.Scanner.Tests;

/// <summary>
/// What the INSTREAM client puts on the wire, read by a listener that speaks just enough of clamd's
/// protocol to record it (the real clamd cannot tell us how the stream was cut).
/// </summary>
public sealed class ClamdFramingTests
{
    [Fact]
    public async Task A_trickled_stream_goes_to_clamd_in_full_chunks()
    {
        const int chunkSize = 64 * 1024;
        var content = new byte[3 * chunkSize + 8_192];
        Random.Shared.NextBytes(content);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var recording = RecordInstreamAsync(listener);
        var client = new ClamdClient(new ClamdOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, ChunkSize = chunkSize });

        // Reads of at most 7,777 bytes, as a network stream hands them out.
        var verdict = await client.ScanAsync(new TricklingStream(content, maxRead: 7_777), CancellationToken.None);

        var (command, chunks) = await recording;
        Assert.Equal(ScanVerdict.Clean, verdict);
        Assert.Equal("zINSTREAM\0", command);
        Assert.Equal([chunkSize, chunkSize, chunkSize, 8_192, 0], chunks.Select(chunk => chunk.Length));
        Assert.Equal(content, chunks.SelectMany(chunk => chunk));
    }

    /// <summary>Takes one connection: its command, then each chunk up to the zero length; answers clean.</summary>
    private static async Task<(string Command, List<byte[]> Chunks)> RecordInstreamAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var command = new byte["zINSTREAM\0".Length];
        await stream.ReadExactlyAsync(command);
        var chunks = new List<byte[]>();
        var length = new byte[4];
        do
        {
            await stream.ReadExactlyAsync(length);
            var chunk = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
            await stream.ReadExactlyAsync(chunk);
            chunks.Add(chunk);
        }
        while (chunks[^1].Length > 0);

        await stream.WriteAsync("stream: OK\0"u8.ToArray());
        return (Encoding.ASCII.GetString(command), chunks);
    }
}
