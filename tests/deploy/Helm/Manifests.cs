using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>One rendered Kubernetes object, as JSON (plain YAML scalars become numbers and booleans, quoted ones stay strings).</summary>
public sealed record Manifest(string Kind, string Name, JsonObject Body)
{
    public JsonObject? Spec => Body["spec"] as JsonObject;

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>The objects of one `helm template` run.</summary>
public sealed class Manifests(IReadOnlyList<Manifest> all)
{
    public IReadOnlyList<Manifest> All { get; } = all;

    public IEnumerable<Manifest> OfKind(string kind) => All.Where(manifest => manifest.Kind == kind);

    public Manifest Single(string kind, string name) =>
        All.SingleOrDefault(manifest => manifest.Kind == kind && manifest.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"No {kind}/{name} among {string.Join(", ", All)}");

    public static Manifests Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var manifests = new List<Manifest>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode)
            {
                continue; // an empty document: a template that rendered nothing
            }

            var body = (JsonObject)ToJson(document.RootNode)!;
            manifests.Add(new Manifest((string)body["kind"]!, (string)body["metadata"]!["name"]!, body));
        }

        return new Manifests(manifests);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        // Parsed as JSON text, the number reads as any numeric type (int, long, double).
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }
}
