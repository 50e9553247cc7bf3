using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// Turns a case's JSON into the bytes sent. Besides placeholders for the seeded resources
/// (<c>{idea}</c>, <c>{ideaId}</c>, <c>{document}</c>, <c>{documentId}</c>), three generators keep huge
/// or unprintable inputs out of the files:
/// <list type="bullet">
/// <item><c>{"$repeat": "a", "count": 1048576}</c>: the text repeated, as a string (or a part of <c>bodyText</c>);</item>
/// <item><c>{"$list": "tag-{i}", "count": 10000}</c>: an array of that many strings, <c>{i}</c> numbered from 0;</item>
/// <item><c>{"$bytes": "c328"}</c>: raw bytes (invalid UTF-8, say) where a string goes, in JSON text and in protobuf alike.</item>
/// </list>
/// Raw bytes travel as an ASCII stand-in of the same length while the JSON or the protobuf is
/// written, and replace it in the bytes at the end, so that every length prefix stays right.
/// </summary>
public sealed class CorpusInput(IReadOnlyDictionary<string, string> placeholders)
{
    private readonly List<(byte[] StandIn, byte[] Raw)> _raw = [];

    /// <summary>The node with every placeholder and generator expanded.</summary>
    public JsonNode? Expand(JsonNode? node) => node switch
    {
        JsonObject { } generator when generator.ContainsKey("$repeat") =>
            JsonValue.Create(Repeat(generator)),
        JsonObject { } generator when generator.ContainsKey("$list") =>
            new JsonArray(Enumerable.Range(0, Count(generator))
                .Select(i => (JsonNode?)JsonValue.Create(Substitute((string)generator["$list"]!).Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
                .ToArray()),
        JsonObject { } generator when generator.ContainsKey("$bytes") =>
            JsonValue.Create(StandIn((string)generator["$bytes"]!)),
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, Expand(pair.Value)))),
        JsonArray array => new JsonArray(array.Select(Expand).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Substitute(text)),
        _ => node?.DeepClone(),
    };

    /// <summary>A <c>bodyText</c>: a string, or an array of strings and generators, concatenated.</summary>
    public string Text(JsonNode node) => node switch
    {
        JsonArray parts => string.Concat(parts.Select(part => part is JsonValue ? Substitute((string)part!) : (string)Expand(part)!)),
        _ => Substitute((string)node!),
    };

    /// <summary>The UTF-8 of <paramref name="text"/> with every stand-in replaced by its raw bytes.</summary>
    public byte[] Bytes(string text) => WithRawBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Replaces every stand-in in serialized bytes (JSON or protobuf) by its raw bytes.</summary>
    public byte[] WithRawBytes(byte[] bytes)
    {
        foreach (var (standIn, raw) in _raw)
        {
            var at = bytes.AsSpan().IndexOf(standIn);
            while (at >= 0)
            {
                raw.CopyTo(bytes, at);
                var next = bytes.AsSpan(at + raw.Length).IndexOf(standIn);
                at = next < 0 ? -1 : at + raw.Length + next;
            }
        }

        return bytes;
    }

    public string Substitute(string text)
    {
        foreach (var (key, value) in placeholders)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private string Repeat(JsonObject generator)
    {
        var unit = generator["$repeat"] is JsonObject bytes ? (string)Expand(bytes)! : Substitute((string)generator["$repeat"]!);
        return new StringBuilder(unit.Length * Count(generator)).Insert(0, unit, Count(generator)).ToString();
    }

    private static int Count(JsonObject generator) => (int?)generator["count"] ?? throw new InvalidDataException("a generator without a count");

    /// <summary>An ASCII stand-in as long as the raw bytes, unique within the request.</summary>
    private string StandIn(string hex)
    {
        var raw = Convert.FromHexString(hex);
        if (raw.Length < 4)
        {
            throw new InvalidDataException($"$bytes needs at least 4 bytes, to be told apart from the text around it (got {hex})");
        }

        // Letters and digits only: a JSON writer escapes some punctuation, which would hide the stand-in.
        var tag = "ZQX" + _raw.Count.ToString(CultureInfo.InvariantCulture);
        var standIn = (tag + new string('Q', raw.Length)).Substring(0, raw.Length);
        _raw.Add((Encoding.ASCII.GetBytes(standIn), raw));
        return standIn;
    }
}
