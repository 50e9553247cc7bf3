using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace Ideation.Bench.Load;

/// <summary>
/// h2load (nghttp2) as the load generator, pinned to the bench's core. It reports min/mean/max only,
/// so every request's latency is read from its --log-file for the percentiles. It counts any HTTP
/// 200 as a success, which a gRPC error also is: the caller checks the DATA bytes per success.
/// </summary>
public static partial class H2Load
{
    /// <param name="Url">http:// for h2c, https:// for TLS (h2load then accepts any certificate).</param>
    /// <param name="Body">The request body: for gRPC a framed message (<see cref="GrpcFrame"/>).</param>
    /// <param name="Headers">Extra headers, "name: value".</param>
    /// <param name="Connections">-c: connections.</param>
    /// <param name="StreamsPerConnection">-m: concurrent streams per connection.</param>
    public sealed record Run(string Url, byte[] Body, IReadOnlyList<string> Headers, int Connections, int StreamsPerConnection, TimeSpan Duration, string Cpus = "1");

    public static IReadOnlyList<string> GrpcHeaders(string token) =>
        ["content-type: application/grpc", "te: trailers", $"authorization: Bearer {token}"];

    /// <summary>A unary gRPC request body: the 5-byte frame header (uncompressed, big-endian length) and the message.</summary>
    public static byte[] GrpcFrame(IMessage message)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<LoadResult> RunAsync(Run run)
    {
        var body = Path.GetTempFileName();
        var log = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(body, run.Body);
            List<string> arguments =
            [
                "-c", run.Cpus, "h2load",
                "-D", ((int)Math.Ceiling(run.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                "-c", run.Connections.ToString(CultureInfo.InvariantCulture),
                "-m", run.StreamsPerConnection.ToString(CultureInfo.InvariantCulture),
                "-d", body, "--log-file", log,
            ];
            foreach (var header in run.Headers)
            {
                arguments.AddRange(["-H", header]);
            }

            arguments.Add(run.Url);
            var output = await RunToEndAsync("taskset", arguments);
            return Parse(output, await File.ReadAllLinesAsync(log));
        }
        finally
        {
            File.Delete(body);
            File.Delete(log);
        }
    }

    private static LoadResult Parse(string output, string[] logLines)
    {
        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        var data = Data().Match(output);
        if (!finished.Success || !requests.Success || !data.Success)
        {
            throw new InvalidOperationException("Unexpected h2load output:\n" + output);
        }

        var succeeded = long.Parse(requests.Groups["succeeded"].Value, CultureInfo.InvariantCulture);
        var failed = long.Parse(requests.Groups["failed"].Value, CultureInfo.InvariantCulture)
                     + long.Parse(requests.Groups["errored"].Value, CultureInfo.InvariantCulture);
        var seconds = double.Parse(finished.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        var dataBytes = long.Parse(data.Groups["bytes"].Value, CultureInfo.InvariantCulture);

        // --log-file: start time (µs since the epoch), HTTP status, µs to the end of the response.
        var latencies = new List<double>(logLines.Length);
        foreach (var line in logLines)
        {
            var columns = line.Split('\t');
            if (columns.Length >= 3 && columns[1] == "200")
            {
                latencies.Add(double.Parse(columns[2], CultureInfo.InvariantCulture) / 1000);
            }
        }

        var (p50, p99, p999) = LoadResult.Percentiles(latencies);
        return new LoadResult(succeeded, failed, TimeSpan.FromSeconds(seconds), p50, p99, p999, succeeded > 0 ? (double)dataBytes / succeeded : 0);
    }

    private static async Task<string> RunToEndAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"h2load exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return await stdout;
    }

    // "finished in 10.00s, 12345.60 req/s, 3.21MB/s"
    [GeneratedRegex(@"finished in (?<seconds>[0-9.]+)s")]
    private static partial Regex Finished();

    // "requests: 1000 total, 1000 started, 1000 done, 1000 succeeded, 0 failed, 0 errored, 0 timeout"
    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex Requests();

    // "traffic: 3.21MB (3365432) total, 123KB (125952) headers (space savings 95.00%), 2.00MB (2100000) data"
    [GeneratedRegex(@"\((?<bytes>\d+)\) data")]
    private static partial Regex Data();
}
