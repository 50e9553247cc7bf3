using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ideation.Bench.Load;

/// <summary>
/// Runs nghttp2's h2load (pinned to a core of its own) and reads its summary: requests/s, requests
/// succeeded, 2xx responses, DATA bytes; and, from its per-request log, latency percentiles.
/// </summary>
public static partial class H2Load
{
    public static async Task<H2LoadResult> RunAsync(H2LoadRequest request, string core)
    {
        var scratch = Directory.CreateTempSubdirectory("ideation-h2load-");
        try
        {
            var arguments = new List<string>
            {
                "-c", request.Clients.ToString(CultureInfo.InvariantCulture),
                "-m", request.Streams.ToString(CultureInfo.InvariantCulture),
                "-t", "1",
                "-D", Math.Max(1, (int)Math.Round(request.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (name, value) in request.Headers)
            {
                arguments.AddRange(["-H", $"{name}: {value}"]);
            }

            if (request.Body is not null)
            {
                var bodyPath = Path.Combine(scratch.FullName, "body.bin");
                await File.WriteAllBytesAsync(bodyPath, request.Body);
                arguments.AddRange(["-d", bodyPath]);
            }

            var logPath = Path.Combine(scratch.FullName, "requests.tsv");
            if (request.LogLatencies)
            {
                arguments.Add($"--log-file={logPath}");
            }

            arguments.Add(request.Url.ToString());
            // h2load 1.52 has been seen to hang after a timed run on a machine this busy: give up on it
            // well after its duration, and let the caller decide whether to run again.
            var output = await RunPinnedAsync(core, arguments, request.Duration + TimeSpan.FromSeconds(30));
            var latency = request.LogLatencies ? ReadLatencies(logPath) : null;
            return Parse(output, latency);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<string> RunPinnedAsync(string core, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", core, "h2load", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start h2load (apt-get install nghttp2-client).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                throw new TimeoutException($"h2load did not finish within {timeout.TotalSeconds:F0} s.");
            }
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"h2load exited with {process.ExitCode}: {await stderr}\n{await stdout}");
        }

        return await stdout;
    }

    /// <summary>Reads h2load's summary lines (nghttp2 1.52), e.g.:
    /// <code>
    /// finished in 5.00s, 12345.60 req/s, 3.45MB/s
    /// requests: 61728 total, 61728 started, 61728 done, 61728 succeeded, 0 failed, 0 errored, 0 timeout
    /// status codes: 61728 2xx, 0 3xx, 0 4xx, 0 5xx
    /// traffic: 17.27MB (18109968) total, 1.41MB (1481472) headers (space savings 95.50%), 15.01MB (15741696) data
    /// </code></summary>
    public static H2LoadResult Parse(string output, LatencyPercentiles? latency)
    {
        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        var status = StatusCodes().Match(output);
        var traffic = Traffic().Match(output);
        if (!finished.Success || !requests.Success || !status.Success || !traffic.Success)
        {
            throw new FormatException("Unexpected h2load output:\n" + output);
        }

        long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        var elapsed = double.Parse(finished.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        return new H2LoadResult(
            double.Parse(finished.Groups["rate"].Value, CultureInfo.InvariantCulture),
            Number(requests, "total"),
            Number(requests, "started"),
            Number(requests, "succeeded"),
            Number(requests, "failed"),
            Number(requests, "errored"),
            Number(status, "ok"),
            Number(traffic, "data"),
            TimeSpan.FromSeconds(elapsed),
            latency);
    }

    /// <summary>
    /// The per-request log: start (µs since the epoch), HTTP status, duration (µs), tab-separated.
    /// Only 2xx responses count: a refused request is fast and would flatter the percentiles.
    /// </summary>
    private static LatencyPercentiles? ReadLatencies(string path)
    {
        var milliseconds = new List<double>();
        foreach (var line in File.ReadLines(path))
        {
            var columns = line.Split('\t');
            if (columns.Length >= 3 && columns[1].StartsWith('2') && long.TryParse(columns[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
            {
                milliseconds.Add(micros / 1000.0);
            }
        }

        return milliseconds.Count == 0 ? null : LatencyPercentiles.Of(milliseconds);
    }

    [GeneratedRegex(@"finished in (?<seconds>[\d.]+)s, (?<rate>[\d.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: (?<total>\d+) total, (?<started>\d+) started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex Requests();

    [GeneratedRegex(@"status codes: (?<ok>\d+) 2xx")]
    private static partial Regex StatusCodes();

    [GeneratedRegex(@"traffic: .*?, .*? headers .*?, \S+ \((?<data>\d+)\) data")]
    private static partial Regex Traffic();
}
