using Google.Protobuf.Reflection;

namespace Ideation.Gateway.OpenApi;

/// <summary>
/// The leading comment of a proto element, when its descriptor carries source info. Descriptors that
/// protoc generates for C# carry none (protoc strips it), so descriptions appear only for descriptors
/// built from a descriptor set made with <c>--include_source_info</c>.
/// </summary>
internal static class Comments
{
    public static string? Of(DescriptorBase descriptor)
    {
        var comment = descriptor.Declaration?.LeadingComments;
        if (string.IsNullOrWhiteSpace(comment))
        {
            return null;
        }

        // protoc keeps the space after "//" and the line breaks; a description reads better without them.
        var lines = comment.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
        return string.Join("\n", lines);
    }
}
