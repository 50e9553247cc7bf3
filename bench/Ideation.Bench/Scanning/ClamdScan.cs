using System.Diagnostics;
using Ideation.Bench.Documents;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Scanning;

/// <summary>
/// The scanning baseline: `clamdscan --stream` sending files to the same clamd over INSTREAM, as the
/// scanner does. Its own clamd.conf names the local run's clamd and raises clamdscan's stream limit,
/// which would otherwise cut what it sends at 25 MB and still report OK.
/// </summary>
public sealed class ClamdScan : IDisposable
{
    private readonly string _directory;
    private readonly string _configuration;

    public ClamdScan(LocalStack stack)
    {
        _directory = Directory.CreateTempSubdirectory("ideation-bench-clamdscan-").FullName;
        _configuration = Path.Combine(_directory, "clamd.conf");
        File.WriteAllText(_configuration, $"TCPSocket {stack.ClamdPort}\nTCPAddr 127.0.0.1\nStreamMaxLength 1G\n");
    }

    /// <summary>Writes new files of random bytes (never scanned before: clamd would answer a repeat from its cache).</summary>
    public IReadOnlyList<string> WriteFiles(int count, int size)
    {
        return Enumerable.Range(0, count).Select(index =>
        {
            var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.pdf");
            File.WriteAllBytes(path, PdfPayload.Create(size));
            return path;
        }).ToList();
    }

    /// <summary>
    /// Scans <paramref name="files"/> with <paramref name="processes"/> clamdscan processes side by
    /// side, each taking its share in turn, and returns clamd's answers other than OK.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScanAsync(IReadOnlyList<string> files, int processes)
    {
        var shares = files.Select((file, index) => (file, index)).GroupBy(entry => entry.index % processes, entry => entry.file);
        var answers = await Task.WhenAll(shares.Select(share => RunAsync(share.ToList())));
        return answers.SelectMany(answer => answer).ToList();
    }

    public void DeleteFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<IEnumerable<string>> RunAsync(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("clamdscan")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { $"--config-file={_configuration}", "--stream", "--no-summary" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("clamdscan did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // Exit code 1 means something was FOUND (a limit, with random bytes), 2 an error: every file
        // must have an answer, or the baseline would look fast for scanning less.
        var answers = (await output).Split('\n').Where(line => line.EndsWith(" OK", StringComparison.Ordinal) || line.EndsWith(" FOUND", StringComparison.Ordinal)).ToList();
        if (process.ExitCode > 1 || answers.Count != files.Count)
        {
            throw new InvalidOperationException($"clamdscan exited with {process.ExitCode}, {answers.Count} answers for {files.Count} files: {await output}{await errors}");
        }

        return answers.Where(answer => answer.EndsWith(" FOUND", StringComparison.Ordinal));
    }
}
