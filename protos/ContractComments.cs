using System.Reflection;
using Google.Protobuf.Reflection;

namespace Ideation.Contracts;

/// <summary>
/// The leading comments of the contracts' proto elements (services, methods, messages, fields, oneofs,
/// enums and enum values), by full name. The generated C# descriptors carry no source info; the build
/// embeds a descriptor set compiled with it (see Ideation.Contracts.DescriptorSet.targets), read here.
/// </summary>
public sealed class ContractComments
{
    /// <summary>The logical name of the embedded descriptor set.</summary>
    public const string ResourceName = "Ideation.Contracts.descriptors.binpb";

    // Field numbers of descriptor.proto, as source-info paths use them.
    private const int FileMessageType = 4;
    private const int FileEnumType = 5;
    private const int FileService = 6;
    private const int FileExtension = 7;
    private const int MessageField = 2;
    private const int MessageNestedType = 3;
    private const int MessageEnumType = 4;
    private const int MessageExtension = 6;
    private const int MessageOneof = 8;
    private const int EnumValue = 2;
    private const int ServiceMethod = 2;

    private static readonly Lazy<ContractComments> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, string> _comments = new(StringComparer.Ordinal);

    /// <summary>Indexes the leading comments of every file in a set compiled with source info.</summary>
    public ContractComments(FileDescriptorSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var file in set.File)
        {
            Index(file);
        }
    }

    /// <summary>The comments of this assembly's protos.</summary>
    public static ContractComments Default => Embedded.Value;

    /// <summary>Every indexed comment, by the element's full name (as its descriptor's <c>FullName</c>).</summary>
    public IReadOnlyDictionary<string, string> All => _comments;

    /// <summary>
    /// The leading comment of an element, as protoc keeps it (the text after each <c>//</c>, line
    /// breaks included), or null when it has none.
    /// </summary>
    public string? LeadingComments(string fullName) =>
        _comments.TryGetValue(fullName, out var comment) ? comment : null;

    private static ContractComments LoadEmbedded()
    {
        using var stream = typeof(ContractComments).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{typeof(ContractComments).Assembly.GetName().Name} embeds no resource {ResourceName}.");
        return new ContractComments(FileDescriptorSet.Parser.ParseFrom(stream));
    }

    private void Index(FileDescriptorProto file)
    {
        var comments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var location in file.SourceCodeInfo?.Location ?? [])
        {
            if (location.HasLeadingComments && !string.IsNullOrWhiteSpace(location.LeadingComments))
            {
                comments.TryAdd(string.Join(',', location.Path), location.LeadingComments);
            }
        }

        if (comments.Count == 0)
        {
            return;
        }

        var prefix = string.IsNullOrEmpty(file.Package) ? "" : file.Package + ".";
        for (var i = 0; i < file.MessageType.Count; i++)
        {
            IndexMessage(comments, file.MessageType[i], prefix, [FileMessageType, i]);
        }

        for (var i = 0; i < file.EnumType.Count; i++)
        {
            IndexEnum(comments, file.EnumType[i], prefix, [FileEnumType, i]);
        }

        for (var i = 0; i < file.Extension.Count; i++)
        {
            Add(comments, prefix + file.Extension[i].Name, [FileExtension, i]);
        }

        for (var i = 0; i < file.Service.Count; i++)
        {
            var service = file.Service[i];
            var name = prefix + service.Name;
            Add(comments, name, [FileService, i]);
            for (var j = 0; j < service.Method.Count; j++)
            {
                Add(comments, $"{name}.{service.Method[j].Name}", [FileService, i, ServiceMethod, j]);
            }
        }
    }

    private void IndexMessage(Dictionary<string, string> comments, DescriptorProto message, string prefix, int[] path)
    {
        var name = prefix + message.Name;
        Add(comments, name, path);
        for (var i = 0; i < message.Field.Count; i++)
        {
            Add(comments, $"{name}.{message.Field[i].Name}", [.. path, MessageField, i]);
        }

        for (var i = 0; i < message.OneofDecl.Count; i++)
        {
            Add(comments, $"{name}.{message.OneofDecl[i].Name}", [.. path, MessageOneof, i]);
        }

        for (var i = 0; i < message.Extension.Count; i++)
        {
            Add(comments, $"{name}.{message.Extension[i].Name}", [.. path, MessageExtension, i]);
        }

        for (var i = 0; i < message.NestedType.Count; i++)
        {
            IndexMessage(comments, message.NestedType[i], name + ".", [.. path, MessageNestedType, i]);
        }

        for (var i = 0; i < message.EnumType.Count; i++)
        {
            IndexEnum(comments, message.EnumType[i], name + ".", [.. path, MessageEnumType, i]);
        }
    }

    private void IndexEnum(Dictionary<string, string> comments, EnumDescriptorProto type, string prefix, int[] path)
    {
        var name = prefix + type.Name;
        Add(comments, name, path);
        for (var i = 0; i < type.Value.Count; i++)
        {
            // Google.Protobuf names a value within its enum (Enum.VALUE), unlike the C++ scoping rule.
            Add(comments, $"{name}.{type.Value[i].Name}", [.. path, EnumValue, i]);
        }
    }

    private void Add(Dictionary<string, string> comments, string fullName, int[] path)
    {
        if (comments.TryGetValue(string.Join(',', path), out var comment))
        {
            _comments.TryAdd(fullName, comment);
        }
    }
}
