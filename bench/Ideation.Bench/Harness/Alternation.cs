using Ideation.Bench.Measurement;

namespace Ideation.Bench.Harness;

/// <summary>
/// Runs two or more contenders in alternating rounds (A B, B A, A B ...), so that a slow phase of a
/// shared machine hits every side, and reports each side's median with min and max, and the ratio of
/// each side to the baseline taken per round.
/// </summary>
public static class Alternation
{
    /// <param name="contenders">The baseline first; each measures one round and returns its figure.</param>
    /// <param name="warmupRounds">Rounds run first and thrown away (.NET needs minutes to warm up).</param>
    public static async Task<AlternationResult<T>> RunAsync<T>(
        IReadOnlyList<(string Name, Func<int, Task<T>> MeasureRound)> contenders,
        int rounds,
        int warmupRounds,
        Func<string, Task>? log = null)
    {
        var samples = contenders.ToDictionary(contender => contender.Name, _ => new List<T>());
        for (var round = -warmupRounds; round < rounds; round++)
        {
            // Rotate the order every round: whoever runs first after a pause gets no lasting advantage.
            var offset = ((round % contenders.Count) + contenders.Count) % contenders.Count;
            foreach (var (name, measure) in contenders.Skip(offset).Concat(contenders.Take(offset)))
            {
                var sample = await measure(round);
                if (round >= 0)
                {
                    samples[name].Add(sample);
                }

                if (log is not null)
                {
                    await log($"  {(round < 0 ? "warm-up" : $"round {round + 1}/{rounds}")}: {name}: {sample}");
                }
            }
        }

        return new AlternationResult<T>(contenders.Select(contender => contender.Name).ToList(), samples);
    }
}

/// <summary>Per-round samples of each contender, in round order.</summary>
public sealed record AlternationResult<T>(IReadOnlyList<string> Names, IReadOnlyDictionary<string, List<T>> Samples)
{
    public Summary Summarise(string name, Func<T, double> figure) => Summary.Of(Samples[name].Select(figure));

    /// <summary>The ratio <paramref name="name"/> / <paramref name="baseline"/> of one figure, per round: median, min, max.</summary>
    public Summary Ratio(string name, string baseline, Func<T, double> figure) =>
        Summary.Of(Samples[name].Zip(Samples[baseline], (a, b) => figure(a) / figure(b)));
}
