using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Ideation.Gateway.Tests.Transcoding.Support;

/// <summary>
/// Builds proto files at run time, for rules that a compiled proto cannot have (invalid ones) and for
/// descriptors with source info (comments), which generated C# descriptors never carry.
/// </summary>
internal static class DynamicProto
{
    public const string Package = "dynamic.v1";

    /// <summary>
    /// A file with <c>Thing { string name; string parent; Inner inner; int32 count; repeated string tags; Inner nested_list (repeated) }</c>,
    /// <c>Inner { string name; int32 size; }</c> and a service <c>Things</c> with one method per rule
    /// (request and response Thing).
    /// </summary>
    public static FileDescriptor WithRules(params (string Method, HttpRule Rule)[] rules) =>
        Build(file =>
        {
            var service = new ServiceDescriptorProto { Name = "Things" };
            foreach (var (name, rule) in rules)
            {
                service.Method.Add(Method(name, rule));
            }

            file.Service.Add(service);
        });

    public static MethodDescriptorProto Method(string name, HttpRule? rule, bool clientStreaming = false)
    {
        var method = new MethodDescriptorProto
        {
            Name = name,
            InputType = $".{Package}.Thing",
            OutputType = $".{Package}.Thing",
            ClientStreaming = clientStreaming,
        };
        if (rule is not null)
        {
            method.Options = new MethodOptions();
            method.Options.SetExtension(AnnotationsExtensions.Http, rule);
        }

        return method;
    }

    /// <summary>Builds the file after <paramref name="configure"/> adds services (and source info) to it.</summary>
    public static FileDescriptor Build(Action<FileDescriptorProto> configure)
    {
        var file = new FileDescriptorProto
        {
            Name = $"dynamic/{Guid.NewGuid():N}.proto",
            Package = Package,
            Syntax = "proto3",
            Dependency = { "google/api/annotations.proto", "google/protobuf/timestamp.proto" },
            MessageType =
            {
                Message("Inner", Field("name", 1, FieldDescriptorProto.Types.Type.String), Field("size", 2, FieldDescriptorProto.Types.Type.Int32)),
                Message("Thing",
                    Field("name", 1, FieldDescriptorProto.Types.Type.String),
                    Field("parent", 2, FieldDescriptorProto.Types.Type.String),
                    Field("inner", 3, FieldDescriptorProto.Types.Type.Message, $".{Package}.Inner"),
                    Field("count", 4, FieldDescriptorProto.Types.Type.Int32),
                    Field("tags", 5, FieldDescriptorProto.Types.Type.String, repeated: true),
                    Field("inner_list", 6, FieldDescriptorProto.Types.Type.Message, $".{Package}.Inner", repeated: true),
                    Field("create_time", 7, FieldDescriptorProto.Types.Type.Message, ".google.protobuf.Timestamp")),
            },
        };
        configure(file);

        FileDescriptor[] dependencies =
        [
            DescriptorReflection.Descriptor, HttpReflection.Descriptor, AnnotationsReflection.Descriptor, TimestampReflection.Descriptor,
        ];
        var built = FileDescriptor.BuildFromByteStrings(
            [.. dependencies.Select(dependency => dependency.SerializedData), file.ToByteString()],
            new ExtensionRegistry { AnnotationsExtensions.Http });
        return built[^1];
    }

    private static DescriptorProto Message(string name, params FieldDescriptorProto[] fields)
    {
        var message = new DescriptorProto { Name = name };
        message.Field.AddRange(fields);
        return message;
    }

    private static FieldDescriptorProto Field(string name, int number, FieldDescriptorProto.Types.Type type, string? typeName = null, bool repeated = false)
    {
        var field = new FieldDescriptorProto
        {
            Name = name,
            Number = number,
            Type = type,
            Label = repeated ? FieldDescriptorProto.Types.Label.Repeated : FieldDescriptorProto.Types.Label.Optional,
        };
        if (typeName is not null)
        {
            // descriptor.proto is proto2: an empty type_name would still count as set.
            field.TypeName = typeName;
        }

        return field;
    }

    public static HttpRule Get(string path) => new() { Get = path };

    public static HttpRule Post(string path, string body = "") => new() { Post = path, Body = body };
}
