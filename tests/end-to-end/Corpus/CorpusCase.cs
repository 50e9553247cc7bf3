using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>The three ways a request reaches a service.</summary>
public enum Surface
{
    /// <summary>REST/JSON through the gateway, transcoded to gRPC.</summary>
    Rest,

    /// <summary>Native gRPC through the gateway, proxied.</summary>
    GrpcGateway,

    /// <summary>Native gRPC straight to the service, as another service would call it.</summary>
    GrpcDirect,
}

/// <summary>
/// One case of the bad-input corpus (tests/corpus/*.json, described in docs/security.md): the RPC it
/// aims at, the REST request and the gRPC request that carry the same input, and the answer expected
/// on each surface. A case without a REST or a gRPC form is not sent on that surface.
/// </summary>
public sealed class CorpusCase
{
    private readonly JsonObject _json;

    private CorpusCase(string file, JsonObject json)
    {
        File = file;
        _json = json;
        Name = (string?)json["name"] ?? throw new InvalidDataException($"{file}: a case without a name");
        Rpc = (string?)json["rpc"] ?? throw new InvalidDataException($"{file}: case '{Name}' names no rpc");
        if (Rest is null && Grpc is null && GrpcStream is null && GrpcHex is null)
        {
            throw new InvalidDataException($"{file}: case '{Name}' has neither a REST nor a gRPC request");
        }

        foreach (var surface in Enum.GetValues<Surface>())
        {
            _ = Expected(surface);
        }
    }

    public string File { get; }
    public string Name { get; }

    /// <summary><c>package.Service/Method</c>, as on the wire.</summary>
    public string Rpc { get; }

    /// <summary>method, path (with query), and one of body (JSON), bodyText (text or parts); optional contentType.</summary>
    public JsonObject? Rest => _json["rest"] as JsonObject;

    /// <summary>The request message in the proto3 JSON mapping.</summary>
    public JsonNode? Grpc => _json["grpc"];

    /// <summary>The messages of a client stream (an upload), each in the proto3 JSON mapping.</summary>
    public JsonArray? GrpcStream => _json["grpcStream"] as JsonArray;

    /// <summary>The request message as raw bytes (hex): protobuf that does not parse.</summary>
    public string? GrpcHex => (string?)_json["grpcHex"];

    /// <summary>Whose token the case is sent with: submitter (the corpus author, default), reviewer, admin.</summary>
    public string As => (string?)_json["as"] ?? "submitter";

    /// <summary>For an answer expected to succeed: the seeded titles the listing must hold, exactly.</summary>
    public IReadOnlyList<string>? Titles => (_json["titles"] as JsonArray)?.Select(t => (string)t!).ToList();

    public bool SentOn(Surface surface) => surface == Surface.Rest ? Rest is not null : Grpc is not null || GrpcStream is not null || GrpcHex is not null;

    /// <summary>The outcome expected on <paramref name="surface"/>: "expect" alone, or per surface ("rest", "grpc", "grpcGateway", "grpcDirect").</summary>
    public Outcome Expected(Surface surface)
    {
        var expect = _json["expect"];
        var name = expect switch
        {
            JsonValue value => (string?)value,
            JsonObject perSurface => (string?)(perSurface[SurfaceKey(surface)]
                ?? (surface == Surface.Rest ? null : perSurface["grpc"])),
            _ => null,
        };
        return name is null
            ? throw new InvalidDataException($"{File}: case '{Name}' expects nothing on {surface}")
            : Outcome.Named(name);
    }

    /// <summary>
    /// The fields a refusal must name in its BadRequest on this surface: "fields" as a list for every
    /// surface ("restFields" overriding it for REST), or an object per surface like "expect".
    /// </summary>
    public IReadOnlyList<string> Fields(Surface surface)
    {
        var fields = _json["fields"] is JsonObject perSurface
            ? perSurface[SurfaceKey(surface)] ?? (surface == Surface.Rest ? null : perSurface["grpc"])
            : surface == Surface.Rest && _json["restFields"] is JsonArray restFields ? restFields : _json["fields"];
        return (fields as JsonArray)?.Select(f => (string)f!).ToList() ?? [];
    }

    /// <summary>
    /// Why the case is not yet sent on <paramref name="surface"/> ("pending": {"surfaces": [...],
    /// "reason": "..."}), or null: a known gap, listed by the test, never counted as a pass.
    /// </summary>
    public string? PendingOn(Surface surface) =>
        _json["pending"] is JsonObject pending && (pending["surfaces"] as JsonArray ?? []).Any(s => (string?)s == SurfaceKey(surface))
            ? (string?)pending["reason"] ?? "pending"
            : null;

    public override string ToString() => $"{System.IO.Path.GetFileName(File)}: {Name}";

    public static IReadOnlyList<CorpusCase> Load(string path)
    {
        var root = JsonNode.Parse(System.IO.File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            as JsonObject ?? throw new InvalidDataException($"{path}: expected an object with \"cases\"");
        var cases = root["cases"] as JsonArray ?? throw new InvalidDataException($"{path}: expected \"cases\"");
        var loaded = cases.Select(c => new CorpusCase(path, c as JsonObject ?? throw new InvalidDataException($"{path}: a case is not an object"))).ToList();
        var duplicate = loaded.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? loaded : throw new InvalidDataException($"{path}: two cases are named '{duplicate.Key}'");
    }

    private static string SurfaceKey(Surface surface) => surface switch
    {
        Surface.Rest => "rest",
        Surface.GrpcGateway => "grpcGateway",
        _ => "grpcDirect",
    };
}
