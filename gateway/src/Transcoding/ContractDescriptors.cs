using System.Reflection;
using Google.Protobuf.Reflection;

namespace Ideation.Gateway.Transcoding;

/// <summary>
/// Finds every proto file compiled into an assembly, so that a newly annotated RPC is transcoded (and
/// documented) with no gateway code.
/// </summary>
public static class ContractDescriptors
{
    /// <summary>
    /// The <see cref="FileDescriptor"/> of each generated <c>*Reflection</c> class (its static
    /// <c>Descriptor</c> property), ordered by file name.
    /// </summary>
    public static IReadOnlyList<FileDescriptor> FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);

        var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            // protoc emits one static class per file, named after the file with a "Reflection" suffix.
            if (!type.IsClass || !type.IsAbstract || !type.IsSealed || !type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            {
                continue;
            }

            var property = type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static);
            if (property?.PropertyType == typeof(FileDescriptor) && property.GetValue(null) is FileDescriptor file)
            {
                files.TryAdd(file.Name, file);
            }
        }

        return [.. files.Values.OrderBy(file => file.Name, StringComparer.Ordinal)];
    }
}
