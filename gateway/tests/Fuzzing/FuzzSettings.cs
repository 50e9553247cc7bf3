using System.Globalization;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// How much to fuzz. The default keeps the test near a minute in CI; a longer run sets
/// <c>IDEATION_FUZZ_ITERATIONS</c> (requests to generate), and a failure is replayed with the seed it
/// printed in <c>IDEATION_FUZZ_SEED</c>.
/// </summary>
internal static class FuzzSettings
{
    public const long DefaultIterations = 1500;

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("IDEATION_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : DefaultIterations;

    public static string? Seed => Environment.GetEnvironmentVariable("IDEATION_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;
}
