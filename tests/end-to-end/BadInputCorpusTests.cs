using Ideation.EndToEnd.Tests.Corpus;
using Ideation.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// The bad-input corpus (tests/corpus/*.json) on all three surfaces: REST through the gateway, native
/// gRPC through the gateway and gRPC straight to the service. Every case is refused with the clear
/// error it expects (never a 5xx, INTERNAL or UNKNOWN) or answered correctly, and the whole file
/// leaves every table of both databases and every stored object exactly as they were.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class BadInputCorpusTests(Platform platform, ITestOutputHelper output)
{
    public static readonly string Directory = Path.Combine(RepositoryRoot.Path, "tests", "corpus");

    public static TheoryData<string> Files() => new(CorpusFiles());

    private static IEnumerable<string> CorpusFiles() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_case_is_refused_clearly_or_answered_correctly_on_every_surface_and_changes_nothing(string file)
    {
        var cases = CorpusCase.Load(Path.Combine(Directory, file));
        var seed = await CorpusSeed.ForAsync(platform);
        var before = await DataSnapshot.SettledAsync(platform);

        var failures = new List<string>();
        using (var runner = new CorpusRunner(platform, seed))
        {
            foreach (var corpusCase in cases)
            {
                foreach (var surface in Enum.GetValues<Surface>().Where(corpusCase.SentOn))
                {
                    if (corpusCase.PendingOn(surface) is { } reason)
                    {
                        output.WriteLine($"not sent (a known gap): {corpusCase.Name} [{surface}]: {reason}");
                        continue;
                    }

                    if (await runner.RunAsync(corpusCase, surface) is { } problem)
                    {
                        failures.Add($"{corpusCase.Name} [{surface}]: {problem}");
                    }
                }
            }
        }

        var changes = (await DataSnapshot.TakeAsync(platform)).Differences(before);
        Assert.True(failures.Count == 0 && changes.Count == 0,
            $"{failures.Count} answers wrong:\n{string.Join("\n", failures)}\n{changes.Count} stored things changed:\n{string.Join("\n", changes)}");
    }

    [Fact]
    public void The_corpus_covers_every_surface_with_cases_on_each()
    {
        var cases = CorpusFiles().SelectMany(file => CorpusCase.Load(Path.Combine(Directory, file))).ToList();
        Assert.True(cases.Count >= 150, $"the corpus has {cases.Count} cases");
        foreach (var surface in Enum.GetValues<Surface>())
        {
            Assert.True(cases.Count(c => c.SentOn(surface)) >= 50, $"few cases on {surface}");
        }
    }
}
