using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ideation.Testing.Monitoring;

/// <summary>A Prometheus rule file (deploy/prometheus/rules/*.yml), as far as tests read it.</summary>
public sealed class PrometheusRuleFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public List<PrometheusRuleGroup> Groups { get; set; } = [];

    /// <summary>The rule files of this checkout's deploy/prometheus/rules.</summary>
    public static string Folder => Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "rules");

    public static IReadOnlyList<string> Paths() => [.. Directory.GetFiles(Folder, "*.yml").Order(StringComparer.Ordinal)];

    public static PrometheusRuleFile Load(string path) =>
        Yaml.Deserialize<PrometheusRuleFile?>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Every rule of every rule file.</summary>
    public static IReadOnlyList<PrometheusRule> AllRules() =>
        [.. Paths().SelectMany(path => Load(path).Groups).SelectMany(group => group.Rules)];
}

public sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = "";

    public List<PrometheusRule> Rules { get; set; } = [];
}

/// <summary>An alerting rule (<see cref="Alert"/> set) or a recording rule (<see cref="Record"/> set).</summary>
public sealed class PrometheusRule
{
    public string? Alert { get; set; }

    public string? Record { get; set; }

    public string Expr { get; set; } = "";

    public string? For { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];

    public string Name => Alert ?? Record ?? "(unnamed rule)";
}
