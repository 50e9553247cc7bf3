using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// Generates REST requests from the gateway's own route table, that is from the google.api.http rules
/// of the contracts' descriptors: for a random route, a valid request (its path with existing or random
/// IDs, query parameters and a JSON body of the request message's fields, each of its type) and then
/// zero to three <see cref="Mutation"/>s that make it hostile.
/// </summary>
internal sealed class RestRequestGen
{
    private const int MaxJsonDepth = 2;

    private readonly FuzzTargets _targets;

    public RestRequestGen(IReadOnlyList<TranscodedRoute> routes, FuzzTargets targets)
    {
        _targets = targets;
        Requests =
            from route in Gen.OneOf([.. routes])
            from request in ForRoute(route)
            select request;
    }

    public Gen<FuzzRequest> Requests { get; }

    private Gen<FuzzRequest> ForRoute(TranscodedRoute route) =>
        from segments in Path(route.Template)
        from query in Query(route)
        from json in JsonBodyType(route) is { } type ? Message(type, 0).Select(body => (JsonObject?)body) : Gen.Const((JsonObject?)null)
        from upload in route.HttpBodyType is null ? Gen.Const((byte[]?)null) : Gen.Byte.Array[0, 4096].Select(bytes => (byte[]?)bytes)
        from uploadType in HostileValues.ContentType
        from identity in Gen.Frequency((6, Gen.Const(FuzzIdentity.Author)), (1, Gen.Const(FuzzIdentity.Stranger)),
            (1, Gen.Const(FuzzIdentity.Reviewer)), (1, Gen.Const(FuzzIdentity.Admin)))
        from http2 in Gen.Bool
        from count in Gen.Frequency((4, Gen.Const(0)), (4, Gen.Const(1)), (2, Gen.Int[2, 3]))
        from mutations in Mutation(route).Array[count]
        select new RequestDraft
        {
            Rpc = route.Method.ToString(),
            Method = route.HttpMethod,
            Segments = [.. segments.Select(segment => segment.Text)],
            VariableSegments = [.. segments.Select((segment, index) => (segment, index)).Where(pair => pair.segment.IsVariable).Select(pair => pair.index)],
            Verb = route.Template.Verb,
            QueryFields = QueryFields(route),
            Json = json,
            RawBody = upload,
            ContentType = json is not null ? "application/json" : upload is not null ? uploadType : null,
            Identity = identity,
            Http2 = http2,
        }.WithQuery(query).Render(mutations);

    /// <summary>The message a JSON body holds on this route, or null when it takes none (or a raw upload).</summary>
    private static MessageDescriptor? JsonBodyType(TranscodedRoute route) =>
        route.HttpBodyType is not null ? null
        : route.Body == BodyKind.Whole ? route.Method.InputType
        : route.Body == BodyKind.Field && route.BodyField is { FieldType: FieldType.Message, IsRepeated: false } field ? field.MessageType
        : null;

    private Gen<ImmutableList<(string Text, bool IsVariable)>> Path(PathTemplate template)
    {
        var gen = Gen.Const(ImmutableList<(string Text, bool IsVariable)>.Empty);
        string? previous = null;
        foreach (var segment in template.Segments)
        {
            var piece = segment.Kind switch
            {
                SegmentKind.Literal => Gen.Const(segment.Text),
                SegmentKind.Wildcard => Id(previous),
                _ => Id(previous),
            };
            var isVariable = segment.Kind != SegmentKind.Literal;
            gen = from list in gen from text in piece select list.Add((text, isVariable));
            previous = segment.Text;
        }

        return gen;
    }

    /// <summary>An ID for a wildcard after a literal: mostly one that exists, sometimes a well-formed unknown one.</summary>
    private Gen<string> Id(string? collection)
    {
        var existing = collection switch
        {
            "ideas" when _targets.IdeaIds.Count > 0 => Gen.OneOf([.. _targets.IdeaIds]),
            "documents" when _targets.DocumentIds.Count > 0 => Gen.OneOf([.. _targets.DocumentIds]),
            _ => Gen.Guid.Select(guid => guid.ToString()),
        };
        return Gen.Frequency((6, existing), (1, Gen.Guid.Select(guid => guid.ToString())));
    }

    /// <summary>Fields the query string may set on a route: singular or repeated scalars that neither the path nor the body binds.</summary>
    private static IReadOnlyList<FieldDescriptor> QueryFields(TranscodedRoute route)
    {
        if (route.Body == BodyKind.Whole)
        {
            return [];
        }

        return [.. route.Method.InputType.Fields.InFieldNumberOrder()
            .Where(field => ProtoFields.IsScalarField(field) && field != route.BodyField
                && !route.VariableFields.Any(path => path[0] == field))];
    }

    private static Gen<ImmutableList<(string Key, string? Value)>> Query(TranscodedRoute route)
    {
        var gen = Gen.Const(ImmutableList<(string Key, string? Value)>.Empty);
        foreach (var field in QueryFields(route))
        {
            var name = Gen.OneOf(field.JsonName, field.Name);
            var parameter = from include in Gen.Int[0, 2]
                            from key in name
                            from value in ScalarText(field)
                            select include == 0 ? null : ((string Key, string? Value)?)(key, Uri.EscapeDataString(value));
            gen = from list in gen from pair in parameter select pair is { } p ? list.Add(p) : list;
        }

        return gen;
    }

    private static Gen<JsonObject> Message(MessageDescriptor message, int depth)
    {
        var gen = Gen.Const(ImmutableList<(string Name, JsonNode? Value)>.Empty);
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || (field.FieldType == FieldType.Message && !IsWellKnownScalar(field.MessageType) && depth >= MaxJsonDepth))
            {
                continue;
            }

            var value = field.IsRepeated
                ? Value(field, depth).Array[0, 3].Select(values => (JsonNode?)new JsonArray([.. values]))
                : Value(field, depth);
            var property = from include in Gen.Int[0, 3]
                           from name in Gen.Frequency((4, Gen.Const(field.JsonName)), (1, Gen.Const(field.Name)))
                           from node in value
                           select include == 0 ? null : ((string Name, JsonNode? Value)?)(name, node);
            gen = from list in gen from pair in property select pair is { } p ? list.Add(p) : list;
        }

        return gen.Select(properties =>
        {
            var json = new JsonObject();
            foreach (var (name, value) in properties)
            {
                json[name] = value;
            }

            return json;
        });
    }

    private static Gen<JsonNode?> Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.Message when IsWellKnownScalar(field.MessageType) => ScalarText(field).Select(text => (JsonNode?)JsonValue.Create(text)),
        FieldType.Message => Message(field.MessageType, depth + 1).Select(json => (JsonNode?)json),
        FieldType.Bool => Gen.Bool.Select(value => (JsonNode?)JsonValue.Create(value)),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 =>
            Gen.Int[0, 120].Select(value => (JsonNode?)JsonValue.Create(value)),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 =>
            Gen.Long[0, long.MaxValue].Select(value => (JsonNode?)JsonValue.Create(value.ToString(CultureInfo.InvariantCulture))),
        FieldType.Double or FieldType.Float => Gen.Double[-1e6, 1e6].Select(value => (JsonNode?)JsonValue.Create(value)),
        _ => ScalarText(field).Select(text => (JsonNode?)JsonValue.Create(text)),
    };

    private static bool IsWellKnownScalar(MessageDescriptor message) =>
        message == Timestamp.Descriptor || message == Duration.Descriptor || message == FieldMask.Descriptor || ProtoFields.IsWrapper(message);

    /// <summary>A valid value of a field as text (its proto3 JSON string form), chosen to be plausible for its name.</summary>
    private static Gen<string> ScalarText(FieldDescriptor field)
    {
        if (field.FieldType == FieldType.Enum)
        {
            return Gen.OneOf([.. field.EnumType.Values.Select(value => value.Name)]);
        }

        if (field.FieldType == FieldType.Message)
        {
            return field.MessageType switch
            {
                var type when type == Timestamp.Descriptor => Gen.OneOf("2025-06-01T12:00:00Z", "2030-01-01T00:00:00.5+01:00"),
                var type when type == Duration.Descriptor => Gen.OneOf("1s", "0.5s"),
                var type when type == FieldMask.Descriptor => Gen.OneOf("title", "title,description", "tags,category", "description"),
                _ => Gen.Int[0, 100].Select(value => value.ToString(CultureInfo.InvariantCulture)),
            };
        }

        if (field.FieldType is not FieldType.String)
        {
            return field.FieldType switch
            {
                FieldType.Bool => Gen.OneOf("true", "false"),
                FieldType.Double or FieldType.Float => Gen.OneOf("0.5", "1", "-3.25"),
                FieldType.Bytes => Gen.OneOf("", "aGVsbG8=", "aGVsbG8"),
                _ => Gen.Int[0, 120].Select(value => value.ToString(CultureInfo.InvariantCulture)),
            };
        }

        return field.Name switch
        {
            "author" => Gen.OneOf("me", "fuzz-author", "someone-else"),
            "category" => Gen.OneOf("workplace", "process", "other", "product"),
            "tag" => Gen.OneOf("focus", "green", "a-b"),
            "order_by" => Gen.OneOf("create_time desc", "update_time", "title", "create_time desc, title"),
            "request_id" => Gen.Guid.Select(guid => guid.ToString()),
            "filename" => Gen.OneOf("plan.pdf", "notes.txt", "../../etc/passwd", "a\u0001b.txt", "résumé.docx"),
            "tags" => Gen.OneOf("focus", "green", "cost-saving", "Focus"),
            "etag" => Gen.OneOf("", "W/\"1\"", "1"),
            _ => Gen.Frequency(
                (6, Gen.String[Gen.Char.AlphaNumeric, 1, 40]),
                (3, Gen.OneOf("Bike racks at HQ", "  padded  ", "ünïcödé ☃ 🚲", "' OR '1'='1", "%_\\", "<script>alert(1)</script>", "\u202eevil", "")),
                (1, Gen.Int[100, 1500].Select(length => new string('y', length)))),
        };
    }

    private Gen<Mutation> Mutation(TranscodedRoute route)
    {
        var enumFields = JsonBodyType(route) is { } body
            ? body.Fields.InFieldNumberOrder().Where(field => field.FieldType == FieldType.Enum).ToList()
            : [];
        var pick = Gen.Int[0, 1000];
        var choices = new List<(int, IGen<Mutation>)>
        {
            (2, HostileValues.Method.Select(method => (Mutation)new WrongMethod(method))),
            (1, Gen.OneOf(FuzzIdentity.Anonymous, FuzzIdentity.Stranger, FuzzIdentity.Reviewer).Select(identity => (Mutation)new AsIdentity(identity))),
            (4, Gen.Select(pick, HostileValues.Segment, (index, value) => (Mutation)new BadSegment(index, value))),
            (2, Gen.Select(pick, HostileValues.Segment, (index, value) => (Mutation)new ExtraSegment(index, value))),
            (1, pick.Select(index => (Mutation)new MissingSegment(index))),
            (1, pick.Select(index => (Mutation)new EncodedSegment(index))),
            (1, HostileValues.Verb.Select(verb => (Mutation)new WrongVerb(verb))),
            (3, Gen.Select(HostileValues.QueryKey, HostileValues.QueryValue.Null(0.1), (key, value) => (Mutation)new ExtraQueryParameter(key, value))),
            (3, Gen.Select(pick, HostileValues.QueryValue, (index, value) => (Mutation)new WrongQueryValue(index, value))),
            (1, pick.Select(index => (Mutation)new RepeatedQueryParameter(index))),
            (2, HostileValues.ContentType.Select(type => (Mutation)new WithContentType(type))),
            (2, HostileValues.RawBody.Select(text => (Mutation)new RawBody(text))),
            (1, Gen.Const<Mutation>(new NoBody())),
            (5, Gen.Select(pick, HostileValues.RawJson, (index, raw) => (Mutation)new FieldValue(index, raw))),
            (2, Gen.Select(Gen.OneOf("colour", "__proto__", "", "Title", "idea", "name", "@type", "title\u0000"), HostileValues.RawJson,
                (name, raw) => (Mutation)new UnknownField(name, raw))),
            (1, pick.Select(index => (Mutation)new MissingField(index))),
            (2, Gen.Int[0, 99].Select(percent => (Mutation)new TruncatedBody(percent))),
            (3, Gen.Select(pick, HostileValues.Bytes, (index, bytes) => (Mutation)new InsertedBytes(index, bytes))),
        };
        if (enumFields.Count > 0)
        {
            choices.Add((2, Gen.OneOf("999", "-1", "\"NOT_A_VALUE\"", "2147483648", "1.5", "\"\"")
                .Select(raw => (Mutation)new EnumOutOfRange(raw, enumFields))));
        }

        return Gen.Frequency([.. choices]);
    }
}
