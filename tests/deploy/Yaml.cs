using YamlDotNet.RepresentationModel;

namespace Ideation.Deploy.Tests;

/// <summary>
/// YAML as plain values: mappings become dictionaries, sequences lists, scalars strings. Aliases are
/// followed and merge keys (<c>&lt;&lt;: *anchor</c>) applied, as docker compose and GitHub do.
/// </summary>
internal static class Yaml
{
    public static Dictionary<string, object?> LoadMapping(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return Assert.IsType<Dictionary<string, object?>>(ToValue(stream.Documents[0].RootNode));
    }

    public static Dictionary<string, object?> Mapping(object? value, string what) =>
        value as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"{what} is not a mapping.");

    public static List<object?> Sequence(object? value, string what) =>
        value as List<object?> ?? throw new Xunit.Sdk.XunitException($"{what} is not a sequence.");

    private static object? ToValue(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToMapping(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(ToValue).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType}"),
    };

    private static Dictionary<string, object?> ToMapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                result[name] = ToValue(value);
            }
        }

        // Keys written beside a merge key win over the merged ones.
        foreach (var (key, value) in mapping.Children.Where(child => ((YamlScalarNode)child.Key).Value == "<<"))
        {
            var merged = value is YamlSequenceNode list ? list.Children : [value];
            foreach (var source in merged.Select(item => ToMapping((YamlMappingNode)item)))
            {
                foreach (var (name, mergedValue) in source)
                {
                    result.TryAdd(name, mergedValue);
                }
            }
        }

        return result;
    }
}
