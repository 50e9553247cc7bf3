using System.Collections.Concurrent;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>`helm template` of the chart per value set, rendered once per test run and shared by the tests.</summary>
internal static class RenderedChart
{
    private static readonly ConcurrentDictionary<ChartValues, Lazy<Task<(string Yaml, Manifests Manifests)>>> Renders = new();

    public static async Task<Manifests> ManifestsAsync(ChartValues values) => (await RenderAsync(values)).Manifests;

    public static async Task<string> YamlAsync(ChartValues values) => (await RenderAsync(values)).Yaml;

    private static Task<(string Yaml, Manifests Manifests)> RenderAsync(ChartValues values) =>
        Renders.GetOrAdd(values, key => new Lazy<Task<(string, Manifests)>>(async () =>
        {
            var yaml = await TemplateAsync(ChartValuesArguments.For(key));
            return (yaml, Manifests.Parse(yaml));
        })).Value;

    /// <summary>Renders with arbitrary values; fails the test with helm's message unless it succeeds.</summary>
    public static async Task<string> TemplateAsync(IEnumerable<string> values)
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(values));
        Assert.True(result.ExitCode == 0, $"helm template failed:\n{result.Output}");
        return result.StandardOutput;
    }
}
