using System.Collections.Concurrent;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Ideation.Gateway.Transcoding.Binding;

/// <summary>Descriptor look-ups the binders need, computed once per message type.</summary>
internal static class ProtoFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FrozenDictionary<string, FieldDescriptor>> ByName = new();

    /// <summary>
    /// A field by its JSON name or its proto name; the JSON name wins when the two collide, as in the
    /// proto3 JSON parser.
    /// </summary>
    public static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        ByName.GetOrAdd(message, static descriptor =>
        {
            var map = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
            foreach (var field in descriptor.Fields.InFieldNumberOrder())
            {
                map[field.Name] = field;
            }

            foreach (var field in descriptor.Fields.InFieldNumberOrder())
            {
                map[field.JsonName] = field;
            }

            return map.ToFrozenDictionary(StringComparer.Ordinal);
        }).GetValueOrDefault(name);

    /// <summary>Resolves a dotted path of proto field names (as in HTTP rules) from a message type.</summary>
    public static FieldDescriptor[]? ResolveProtoPath(MessageDescriptor message, IEnumerable<string> path)
    {
        var fields = new List<FieldDescriptor>();
        MessageDescriptor? current = message;
        foreach (var name in path)
        {
            var field = current?.FindFieldByName(name);
            if (field is null)
            {
                return null;
            }

            fields.Add(field);
            current = field.FieldType == FieldType.Message && !field.IsRepeated ? field.MessageType : null;
        }

        return fields.Count == 0 ? null : [.. fields];
    }

    public static bool IsWrapper(MessageDescriptor message) => message.File == WrappersReflection.Descriptor;

    /// <summary>Well-known types whose JSON form is a single string (or number), so a path or query value can carry them.</summary>
    public static bool IsScalarLike(MessageDescriptor message) =>
        IsWrapper(message)
        || message == Timestamp.Descriptor
        || message == Duration.Descriptor
        || message == FieldMask.Descriptor;

    public static bool IsHttpBody(MessageDescriptor message) => message.FullName == "google.api.HttpBody";

    /// <summary>Whether a field holds a value that a single path or query string can set.</summary>
    public static bool IsScalarField(FieldDescriptor field) =>
        !field.IsMap && (field.FieldType != FieldType.Message || IsScalarLike(field.MessageType));

    /// <summary>A new, empty message of a type (no reflection: its generated parser builds it).</summary>
    public static IMessage NewMessage(MessageDescriptor message) => message.Parser.ParseFrom(ReadOnlySpan<byte>.Empty);

    /// <summary>The message held by <paramref name="field"/> of <paramref name="message"/>, created when unset.</summary>
    public static IMessage GetOrCreateMessage(IMessage message, FieldDescriptor field)
    {
        if (field.Accessor.GetValue(message) is IMessage existing)
        {
            return existing;
        }

        var created = NewMessage(field.MessageType);
        field.Accessor.SetValue(message, created);
        return created;
    }
}
