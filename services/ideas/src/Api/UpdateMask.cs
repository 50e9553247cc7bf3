using Google.Protobuf.WellKnownTypes;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Api;

/// <summary>Reads an UpdateIdea field mask (AIP-134): unset or empty means every content field.</summary>
internal static class UpdateMask
{
    private static readonly Dictionary<string, ContentFields> Paths = new(StringComparer.Ordinal)
    {
        ["title"] = ContentFields.Title,
        ["description"] = ContentFields.Description,
        ["category"] = ContentFields.Category,
        ["tags"] = ContentFields.Tags,
        ["*"] = ContentFields.All,
    };

    public static ContentFields Parse(FieldMask? mask, FieldViolations violations)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return ContentFields.All;
        }

        var fields = ContentFields.None;
        for (var index = 0; index < mask.Paths.Count; index++)
        {
            if (Paths.TryGetValue(mask.Paths[index], out var field))
            {
                fields |= field;
            }
            else
            {
                violations.Add($"update_mask.paths[{index}]",
                    $"'{mask.Paths[index]}' cannot be updated; use title, description, category or tags.");
            }
        }

        return fields;
    }

    /// <summary>Proto names of the fields, in contract order, for history entries.</summary>
    public static List<string> Names(ContentFields fields) =>
        Paths.Where(path => path.Value != ContentFields.All && fields.HasFlag(path.Value)).Select(path => path.Key).ToList();
}
