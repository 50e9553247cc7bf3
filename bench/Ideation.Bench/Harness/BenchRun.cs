namespace Ideation.Bench.Harness;

/// <summary>What every scenario gets: whether this is a quick run, where to print, and where charts go.</summary>
/// <param name="Quick">Fewer rounds and less data: to check that a scenario works, not for the record.</param>
/// <param name="Output">Markdown results and progress lines.</param>
/// <param name="ChartDirectory">Where scenarios save their PNG charts (docs/performance/ in the repository).</param>
public sealed record BenchRun(bool Quick, TextWriter Output, string ChartDirectory)
{
    /// <summary>Rounds of each A/B comparison: the issue asks for at least 5 even in a quick run.</summary>
    public int Rounds => Quick ? 5 : 7;

    public string ChartPath(string fileName)
    {
        Directory.CreateDirectory(ChartDirectory);
        return Path.Combine(ChartDirectory, fileName);
    }

    public Task LogAsync(string line) => Output.WriteLineAsync(line);
}
