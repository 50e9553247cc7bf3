using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Ideation.Scanner.Clamd;

/// <summary>
/// Talks to one clamd over TCP: PING, VERSION and INSTREAM. Content is streamed to clamd in chunks
/// as it is read, so a scan never holds a whole file in memory.
/// </summary>
public sealed class ClamdClient(ClamdOptions options)
{
    private const int MaxReplyBytes = 4096;

    /// <summary>Where this clamd listens, as <c>host:port</c>.</summary>
    public string Endpoint => $"{options.Host}:{options.Port}";

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CommandAsync("PING", cancellationToken) == "PONG";
        }
        catch (ClamdException)
        {
            return false;
        }
    }

    public async Task<ClamdVersion> VersionAsync(CancellationToken cancellationToken) =>
        ClamdReply.ParseVersion(await CommandAsync("VERSION", cancellationToken));

    /// <summary>
    /// Scans <paramref name="content"/> to its end. Throws <see cref="ClamdException"/> when clamd
    /// cannot be reached or fails (retry later); a scan that outlasts the scan timeout is Unscannable.
    /// </summary>
    public Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken) =>
        ScanAsync(content, options.ScanTimeout, cancellationToken);

    /// <summary>
    /// Scans with a time limit of the caller's; <see cref="Timeout.InfiniteTimeSpan"/> leaves the
    /// limit to the caller's token (which then ends the scan with OperationCanceledException).
    /// </summary>
    public async Task<ScanVerdict> ScanAsync(Stream content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var scanTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        scanTimeout.CancelAfter(timeout);
        try
        {
            using var socket = await ConnectAsync(scanTimeout.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), scanTimeout.Token);
            await SendChunksAsync(stream, content, scanTimeout.Token);
            return ClamdReply.ParseScan(await ReadReplyAsync(stream, scanTimeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ScanVerdict(ScanOutcome.Unscannable, $"scan took longer than {timeout}");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            throw new ClamdException($"clamd at {options.Host}:{options.Port} failed during a scan: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Sends [4-byte big-endian length][bytes] chunks, each full but the last, then a zero length.
    /// When the content passes clamd's StreamMaxLength, clamd answers and closes while we still write:
    /// the write fails, and the answer is read all the same.
    /// </summary>
    private async Task SendChunksAsync(NetworkStream stream, Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(options.ChunkSize + 4);
        try
        {
            while (true)
            {
                // Whole chunks: a network stream (the object from S3) hands out what has arrived, often a
                // few KiB, and each read sent as it came would cost clamd and the socket a chunk apiece.
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(4, options.ChunkSize), options.ChunkSize, throwOnEndOfStream: false, cancellationToken);
                BinaryPrimitives.WriteInt32BigEndian(buffer, read);
                try
                {
                    await stream.WriteAsync(buffer.AsMemory(0, 4 + read), cancellationToken);
                }
                catch (IOException)
                {
                    // clamd stopped reading (stream cap) or died: its reply, or the lack of one, tells which.
                    return;
                }

                if (read == 0)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> CommandAsync(string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            using var socket = await ConnectAsync(timeout.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"z{command}\0"), timeout.Token);
            return (await ReadReplyAsync(stream, timeout.Token)).TrimEnd('\0', '\n');
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClamdException($"clamd at {options.Host}:{options.Port} did not answer {command} in time.");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            throw new ClamdException($"clamd at {options.Host}:{options.Port} is unreachable: {exception.Message}", exception);
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads up to clamd's terminating NUL (or until it closes the connection).</summary>
    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reply = new byte[MaxReplyBytes];
        var length = 0;
        while (length < reply.Length)
        {
            var read = await stream.ReadAsync(reply.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(reply, (byte)0, length - read, read) >= 0)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(reply, 0, length).TrimEnd('\0');
    }
}
