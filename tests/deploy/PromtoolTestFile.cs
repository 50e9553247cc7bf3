using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ideation.Deploy.Tests;

/// <summary>A promtool rule unit-test file (deploy/prometheus/tests/*.test.yml), as far as the tests read it.</summary>
internal sealed class PromtoolTestFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public List<PromtoolTestGroup> Tests { get; set; } = [];

    /// <summary>The order promtool evaluates rule groups in at each step (unlisted groups: an arbitrary order).</summary>
    public List<string> GroupEvalOrder { get; set; } = [];

    public static string Folder => Path.Combine(Promtool.PrometheusFolder, "tests");

    public static IReadOnlyList<string> Paths() => [.. Directory.GetFiles(Folder, "*.test.yml").Order(StringComparer.Ordinal)];

    public static PromtoolTestFile Load(string path) => Yaml.Deserialize<PromtoolTestFile?>(File.ReadAllText(path)) ?? new PromtoolTestFile();

    /// <summary>Every alert_rule_test of every test file, with the name of its test group.</summary>
    public static IReadOnlyList<(string Group, AlertRuleTest Test)> AllAlertTests() =>
        [.. Paths()
            .Select(Load)
            .SelectMany(file => file.Tests)
            .SelectMany(group => group.AlertRuleTest.Select(test => (group.Name, test)))];
}

internal sealed class PromtoolTestGroup
{
    public string Name { get; set; } = "";

    public List<AlertRuleTest> AlertRuleTest { get; set; } = [];
}

internal sealed class AlertRuleTest
{
    public string Alertname { get; set; } = "";

    public string EvalTime { get; set; } = "";

    /// <summary>Empty: the alert must not fire at <see cref="EvalTime"/>.</summary>
    public List<ExpectedAlert> ExpAlerts { get; set; } = [];
}

internal sealed class ExpectedAlert
{
    public Dictionary<string, string> ExpLabels { get; set; } = [];

    public Dictionary<string, string> ExpAnnotations { get; set; } = [];
}
