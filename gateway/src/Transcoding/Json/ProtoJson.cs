using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Ideation.Gateway.Transcoding.Json;

/// <summary>
/// The proto3 JSON mapping for every message the gateway transcodes: one parser, one formatter and
/// the type registry they resolve <c>google.protobuf.Any</c> with (every contract file, the
/// well-known types and google.rpc's error details).
/// </summary>
internal sealed class ProtoJson
{
    public ProtoJson(IEnumerable<FileDescriptor> files)
    {
        FileDescriptor[] standard =
        [
            StatusReflection.Descriptor,
            ErrorDetailsReflection.Descriptor,
            AnyReflection.Descriptor,
            DurationReflection.Descriptor,
            EmptyReflection.Descriptor,
            FieldMaskReflection.Descriptor,
            StructReflection.Descriptor,
            TimestampReflection.Descriptor,
            WrappersReflection.Descriptor,
        ];
        Registry = TypeRegistry.FromFiles([.. standard, .. files]);
        Parser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(Registry));
        // Proto3 JSON omits default values; REST clients get every field, as from ASP.NET Core's transcoding.
        Formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(Registry).WithFormatDefaultValues(true));
    }

    public TypeRegistry Registry { get; }

    /// <summary>Strict: an unknown field is an error.</summary>
    public JsonParser Parser { get; }

    public JsonFormatter Formatter { get; }
}
