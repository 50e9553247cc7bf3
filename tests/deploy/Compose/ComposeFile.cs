using Ideation.Testing;

namespace Ideation.Deploy.Tests.Compose;

/// <summary>docker-compose.yml at the repository root, read as docker compose reads it (anchors and merge keys applied).</summary>
internal static class ComposeFile
{
    public static string PathOf(string relative) => Path.Combine(RepositoryRoot.Path, relative);

    public static Dictionary<string, object?> Load() => Yaml.LoadMapping(PathOf("docker-compose.yml"));

    public static Dictionary<string, Dictionary<string, object?>> Services() =>
        Yaml.Mapping(Load()["services"], "services").ToDictionary(
            service => service.Key, service => Yaml.Mapping(service.Value, $"service {service.Key}"), StringComparer.Ordinal);

    public static Dictionary<string, object?> Service(string name) =>
        Services().TryGetValue(name, out var service) ? service : throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service {name}.");

    /// <summary>A service's environment as written: the mapping form, or the list form (KEY=value).</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, object?> service) => service.GetValueOrDefault("environment") switch
    {
        null => [],
        Dictionary<string, object?> mapping => mapping.ToDictionary(pair => pair.Key, pair => (string?)pair.Value ?? "", StringComparer.Ordinal),
        List<object?> list => list.Cast<string>().Select(item => item.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.ElementAtOrDefault(1) ?? "", StringComparer.Ordinal),
        _ => throw new Xunit.Sdk.XunitException("environment is neither a mapping nor a list."),
    };

    /// <summary>The Dockerfile a service builds from, relative to the repository root, or null for a pulled image.</summary>
    public static string? Dockerfile(Dictionary<string, object?> service)
    {
        switch (service.GetValueOrDefault("build"))
        {
            case null:
                return null;
            case string context:
                return Combine(context, "Dockerfile");
            case Dictionary<string, object?> build:
                return Combine((string?)build.GetValueOrDefault("context") ?? ".", (string?)build.GetValueOrDefault("dockerfile") ?? "Dockerfile");
            default:
                throw new Xunit.Sdk.XunitException("build is neither a path nor a mapping.");
        }
    }

    /// <summary>What a service waits for: the service it depends on and the condition.</summary>
    public static Dictionary<string, string> DependsOn(Dictionary<string, object?> service) => service.GetValueOrDefault("depends_on") switch
    {
        null => [],
        Dictionary<string, object?> mapping => mapping.ToDictionary(
            pair => pair.Key, pair => (string?)Yaml.Mapping(pair.Value, $"depends_on {pair.Key}").GetValueOrDefault("condition") ?? "service_started", StringComparer.Ordinal),
        List<object?> list => list.Cast<string>().ToDictionary(name => name, _ => "service_started", StringComparer.Ordinal),
        _ => throw new Xunit.Sdk.XunitException("depends_on is neither a mapping nor a list."),
    };

    private static string Combine(string context, string dockerfile) =>
        Path.GetRelativePath(RepositoryRoot.Path, Path.GetFullPath(Path.Combine(RepositoryRoot.Path, context, dockerfile))).Replace('\\', '/');
}
