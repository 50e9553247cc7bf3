using Google.Protobuf.Reflection;
using Ideation.Contracts;

namespace Ideation.Gateway.OpenApi;

/// <summary>
/// The leading comment of a proto element. A descriptor built from a descriptor set made with
/// <c>--include_source_info</c> carries its own; the descriptors that protoc generates for C# carry
/// none (protoc strips it), so for those the comment comes from <see cref="ContractComments"/>, the
/// source info the contracts assembly embeds, by the element's full name.
/// </summary>
internal static class Comments
{
    public static string? Of(DescriptorBase descriptor)
    {
        var comment = descriptor.Declaration?.LeadingComments;
        if (string.IsNullOrWhiteSpace(comment))
        {
            comment = ContractComments.Default.LeadingComments(descriptor.FullName);
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return null;
        }

        // protoc keeps the space after "//" and the line breaks; a description reads better without them.
        var lines = comment.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
        return string.Join("\n", lines);
    }
}
