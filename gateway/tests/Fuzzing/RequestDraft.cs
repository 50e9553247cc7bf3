using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// A request being built: the generator fills it from a route, mutations change it, then
/// <see cref="Render"/> makes the bytes that are sent. Mutations work in two stages: on the structure
/// (segments, parameters, the JSON tree) and then on the rendered body's bytes.
/// </summary>
public sealed class RequestDraft
{
    public required string Rpc { get; init; }

    public required string Method { get; set; }

    /// <summary>Path segments as sent (already percent-encoded where meant to be), without the leading '/'.</summary>
    public required List<string> Segments { get; init; }

    /// <summary>Indexes into <see cref="Segments"/> that a template variable's wildcard filled.</summary>
    public required List<int> VariableSegments { get; init; }

    public string? Verb { get; set; }

    /// <summary>Query parameters as sent (already encoded); a null value is a key without '='.</summary>
    public List<(string Key, string? Value)> Query { get; } = [];

    /// <summary>Fields the query string may set on this route, for mutations that give them wrong values.</summary>
    public required IReadOnlyList<FieldDescriptor> QueryFields { get; init; }

    /// <summary>The JSON body, for a route whose body is JSON; null otherwise or when removed.</summary>
    public JsonObject? Json { get; set; }

    /// <summary>A body that is not a JSON tree: an upload's raw bytes, or JSON text a mutation wrote.</summary>
    public byte[]? RawBody { get; set; }

    /// <summary>Placeholders in <see cref="Json"/> replaced by raw JSON text when rendered (numbers, nesting).</summary>
    public Dictionary<string, string> RawValues { get; } = new(StringComparer.Ordinal);

    public string? ContentType { get; set; }

    public FuzzIdentity Identity { get; set; }

    public bool Http2 { get; set; }

    public RequestDraft WithQuery(IEnumerable<(string Key, string? Value)> parameters)
    {
        Query.AddRange(parameters);
        return this;
    }

    public FuzzRequest Render(IReadOnlyList<Mutation> mutations)
    {
        foreach (var mutation in mutations.Where(mutation => mutation.Stage == MutationStage.Structure))
        {
            mutation.Apply(this);
        }

        var body = RawBody;
        if (Json is not null)
        {
            var text = Json.ToJsonString();
            foreach (var (placeholder, raw) in RawValues)
            {
                text = text.Replace($"\"{placeholder}\"", raw, StringComparison.Ordinal);
            }

            body = Encoding.UTF8.GetBytes(text);
        }

        foreach (var mutation in mutations.Where(mutation => mutation.Stage == MutationStage.Bytes))
        {
            body = mutation.ApplyToBody(body ?? []);
        }

        var path = new StringBuilder().Append('/').AppendJoin('/', Segments);
        if (Verb is not null)
        {
            path.Append(':').Append(Verb);
        }

        if (Query.Count > 0)
        {
            path.Append('?').AppendJoin('&', Query.Select(pair => pair.Value is null ? pair.Key : $"{pair.Key}={pair.Value}"));
        }

        return new FuzzRequest(Rpc, Method, path.ToString(), Identity, ContentType, body, Http2, mutations);
    }
}
