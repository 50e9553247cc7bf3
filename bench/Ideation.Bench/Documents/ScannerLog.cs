using System.Globalization;
using System.Text.RegularExpressions;

namespace Ideation.Bench.Documents;

/// <summary>
/// Each scan's duration as the scanner saw it: from its "Job ...: {document}" line (event 106, when
/// the job is taken, before StartScan) to its verdict line (event 107, after RecordVerdict), in
/// logs/scanner.log. Needs the one-line, timestamped log format that bench/start-stack.sh sets; with
/// another format there is nothing to read and the report says so.
/// </summary>
public static partial class ScannerLog
{
    /// <summary>The scan time of each of <paramref name="documents"/> whose two lines were both found.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> ScanDurations(string logPath, IReadOnlyCollection<string> documents)
    {
        var started = new Dictionary<string, DateTime>();
        var durations = new Dictionary<string, TimeSpan>();
        if (!File.Exists(logPath))
        {
            return durations;
        }

        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (JobLine().Match(line) is { Success: true } job && documents.Contains(job.Groups["document"].Value))
            {
                started[job.Groups["document"].Value] = Time(job);
            }
            else if (VerdictLine().Match(line) is { Success: true } verdict
                     && started.TryGetValue(verdict.Groups["document"].Value, out var start))
            {
                durations[verdict.Groups["document"].Value] = Time(verdict) - start;
            }
        }

        return durations;
    }

    private static DateTime Time(Match line) =>
        DateTime.Parse(line.Groups["time"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\dT[\d:.]+Z) dbug: Ideation\.Scanner\.Jobs\.ScanJobWorker\[106\] Job \S+: (?<document>\S+) generation")]
    private static partial Regex JobLine();

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\dT[\d:.]+Z) info: Ideation\.Scanner\.Jobs\.ScanJobProcessor\[107\] (?<document>\S+) generation")]
    private static partial Regex VerdictLine();
}
