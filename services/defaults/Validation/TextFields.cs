using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.ServiceDefaults.Validation;

/// <summary>
/// The rule every string of every request obeys, whatever the field: no NUL (PostgreSQL cannot store
/// it in text, and it truncates strings in C-based tools downstream) and no U+FFFD, the character
/// an encoder or decoder puts where the text was not valid Unicode: a lone surrogate in a JSON body
/// reaches a service as U+FFFD, since the gateway writes protobuf with a replacing UTF-8 encoder.
/// </summary>
public static class TextFields
{
    /// <summary>Deeper than any contract message nests; protobuf's own parser stops at 100.</summary>
    private const int MaxDepth = 32;

    /// <summary>Adds a violation, named by the field's path (<c>idea.tags[3]</c>), for every string that breaks the rule.</summary>
    public static void Check(IMessage message, FieldViolations violations) => Check(message, "", violations, 0);

    /// <summary>Why <paramref name="text"/> is refused, or null when it is fine.</summary>
    public static string? Problem(string text)
    {
        var index = text.AsSpan().IndexOfAny('\0', '\uFFFD');
        if (index < 0)
        {
            return null;
        }

        return text[index] == '\0'
            ? "The text contains a NUL character (U+0000); remove it."
            : "The text contains U+FFFD, which stands for text that was not valid Unicode (invalid UTF-8, a lone surrogate); send valid UTF-8.";
    }

    private static void Check(IMessage message, string prefix, FieldViolations violations, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType is not (FieldType.String or FieldType.Message) || field.IsMap)
            {
                continue;
            }

            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    CheckValue(item, $"{path}[{index++}]", violations, depth);
                }
            }
            else if (field.FieldType == FieldType.Message ? field.Accessor.HasValue(message) : true)
            {
                CheckValue(value, path, violations, depth);
            }
        }
    }

    private static void CheckValue(object? value, string path, FieldViolations violations, int depth)
    {
        switch (value)
        {
            case string text when Problem(text) is { } problem:
                violations.Add(path, problem);
                break;
            case IMessage nested:
                Check(nested, path + ".", violations, depth + 1);
                break;
        }
    }
}
