using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Binding;

namespace Ideation.Gateway.OpenApi;

/// <summary>
/// OpenAPI 3.0 schemas of proto messages and enums as the proto3 JSON mapping writes them:
/// lowerCamel property names, enums as string enums, 64-bit integers as strings, bytes as base64,
/// maps as objects, and the well-known types in their JSON forms. Messages and enums become component
/// schemas, named by their full proto names and collected as they are referenced.
/// </summary>
internal sealed class OpenApiSchemas
{
    public const string StatusSchemaName = "google.rpc.Status";

    private readonly SortedDictionary<string, JsonNode> _components = new(StringComparer.Ordinal);

    /// <summary>The component schemas referenced so far.</summary>
    public JsonObject Components()
    {
        var components = new JsonObject();
        foreach (var (name, schema) in _components)
        {
            components[name] = schema.DeepClone();
        }

        return components;
    }

    /// <summary>The schema of a message as a whole (a reference, or the inline form of a well-known type).</summary>
    public JsonObject ForMessage(MessageDescriptor message)
    {
        if (WellKnown(message) is { } inline)
        {
            return inline;
        }

        var name = message.FullName;
        if (!_components.ContainsKey(name))
        {
            // Registered before its fields are built, so that recursive messages refer to themselves.
            _components[name] = new JsonObject();
            _components[name] = BuildMessage(message);
        }

        return Reference(name);
    }

    /// <summary>The schema of one value of a field (its element type for a repeated field).</summary>
    public JsonObject ForSingleValue(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => ForMessage(field.MessageType),
        FieldType.Enum => ForEnum(field.EnumType),
        _ => Scalar(field.FieldType),
    };

    /// <summary>The schema of a field, repeated and map fields included.</summary>
    public JsonObject ForField(FieldDescriptor field)
    {
        JsonObject schema;
        if (field.IsMap)
        {
            schema = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = ForSingleValue(field.MessageType.FindFieldByNumber(2)),
            };
        }
        else if (field.IsRepeated)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = ForSingleValue(field) };
        }
        else
        {
            schema = ForSingleValue(field);
        }

        return Describe(schema, Comments.Of(field));
    }

    /// <summary>
    /// Adds a description; a <c>$ref</c> is wrapped in <c>allOf</c>, since OpenAPI 3.0 ignores the
    /// siblings of a reference.
    /// </summary>
    public static JsonObject Describe(JsonObject schema, string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return schema;
        }

        if (schema.ContainsKey("$ref"))
        {
            return new JsonObject { ["allOf"] = new JsonArray(schema), ["description"] = description };
        }

        schema["description"] = description;
        return schema;
    }

    private JsonObject ForEnum(EnumDescriptor type)
    {
        var name = type.FullName;
        if (!_components.ContainsKey(name))
        {
            var values = new JsonArray();
            foreach (var value in type.Values)
            {
                values.Add(value.Name);
            }

            var schema = new JsonObject { ["type"] = "string", ["enum"] = values };
            var lines = type.Values
                .Select(value => Comments.Of(value) is { } comment ? $"- `{value.Name}`: {comment}" : null)
                .Where(line => line is not null)
                .ToList();
            var description = string.Join("\n", new[] { Comments.Of(type) }.Concat(lines).Where(text => !string.IsNullOrEmpty(text)));
            _components[name] = Describe(schema, description);
        }

        return Reference(name);
    }

    private JsonObject BuildMessage(MessageDescriptor message)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            properties[field.JsonName] = ForField(field);
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        var oneofs = message.Oneofs.Where(oneof => !oneof.IsSynthetic).ToList();
        var description = Comments.Of(message);
        foreach (var oneof in oneofs)
        {
            var members = string.Join(", ", oneof.Fields.Select(field => $"`{field.JsonName}`"));
            description = $"{description}{(string.IsNullOrEmpty(description) ? "" : "\n\n")}At most one of {members} (oneof `{oneof.Name}`).";
        }

        return Describe(schema, description);
    }

    private static JsonObject Reference(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static JsonObject Scalar(FieldType type) => type switch
    {
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue },
        // proto3 JSON writes 64-bit integers as strings: a JavaScript number cannot hold them.
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a scalar type"),
    };

    /// <summary>Inline schemas of the well-known types whose JSON form is not an object of their fields.</summary>
    private static JsonObject? WellKnown(MessageDescriptor message)
    {
        if (ProtoFields.IsWrapper(message))
        {
            var wrapped = Scalar(message.FindFieldByNumber(1).FieldType);
            wrapped["nullable"] = true;
            return wrapped;
        }

        return message.FullName switch
        {
            "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            "google.protobuf.Duration" => new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = "^-?[0-9]+(\\.[0-9]{1,9})?s$",
                ["description"] = "A duration in seconds with up to nine fractional digits, ending in `s`, e.g. `1.5s`.",
            },
            "google.protobuf.FieldMask" => new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Comma-separated lowerCamel field paths, e.g. `title,description`.",
            },
            "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
            "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
            "google.protobuf.Value" => new JsonObject { ["nullable"] = true, ["description"] = "Any JSON value." },
            "google.protobuf.ListValue" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
            "google.protobuf.Any" => new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
                ["required"] = new JsonArray("@type"),
                ["additionalProperties"] = true,
                ["description"] = "A message of the type named by `@type`, with its fields beside it.",
            },
            _ => null,
        };
    }
}
