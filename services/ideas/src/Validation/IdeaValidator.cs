using System.Text.RegularExpressions;
using Ideation.Ideas.Domain;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Validation;

/// <summary>
/// The content rules of an idea. Normalises what it can (trims the title, trims, lowercases and
/// de-duplicates tags) and reports every rule a field breaks, with a message that says what to change.
/// </summary>
internal sealed partial class IdeaValidator(IReadOnlyList<string> categoryIds)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxTags = 10;
    public const int MaxReasonLength = 2_000;
    public const int MaxRequestIdLength = 64;

    /// <summary>
    /// Validates the <paramref name="fields"/> of <paramref name="input"/>, naming violations
    /// <c>{prefix}.title</c>, <c>{prefix}.tags[3]</c> and so on, and returns the normalised content
    /// (fields not validated are returned as given).
    /// </summary>
    public IdeaContent Validate(IdeaContent input, ContentFields fields, FieldViolations violations, string prefix = "idea")
    {
        var title = fields.HasFlag(ContentFields.Title) ? ValidateTitle(input.Title, $"{prefix}.title", violations) : input.Title;
        var description = input.Description;
        if (fields.HasFlag(ContentFields.Description))
        {
            ValidateLength(description, MaxDescriptionLength, $"{prefix}.description", "description", violations);
        }

        if (fields.HasFlag(ContentFields.Category))
        {
            ValidateCategory(input.Category, $"{prefix}.category", violations);
        }

        var tags = fields.HasFlag(ContentFields.Tags) ? NormaliseTags(input.Tags, $"{prefix}.tags", violations) : input.Tags;
        return new IdeaContent(title, description, input.Category, tags);
    }

    /// <summary>Checks a category id, as used both in content and in list filters.</summary>
    public void ValidateCategory(string category, string field, FieldViolations violations)
    {
        if (category.Length == 0)
        {
            violations.Add(field, $"Choose a category: one of {string.Join(", ", categoryIds)}.");
        }
        else if (!categoryIds.Contains(category, StringComparer.Ordinal))
        {
            violations.Add(field, $"Category '{category}' does not exist; choose one of {string.Join(", ", categoryIds)}.");
        }
    }

    public static string ValidateTitle(string title, string field, FieldViolations violations)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0)
        {
            violations.Add(field, $"Give a title of 1 to {MaxTitleLength} characters; it is empty after trimming.");
        }
        else
        {
            ValidateLength(trimmed, MaxTitleLength, field, "title", violations);
        }

        return trimmed;
    }

    /// <summary>Trims, lowercases and de-duplicates tags (first occurrence wins); reports each bad one by its index in the request.</summary>
    public static IReadOnlyList<string> NormaliseTags(IReadOnlyList<string> tags, string field, FieldViolations violations)
    {
        var normalised = new List<string>();
        for (var index = 0; index < tags.Count; index++)
        {
            var tag = NormaliseTag(tags[index]);
            if (!IsTag(tag))
            {
                violations.Add($"{field}[{index}]", TagRule(tags[index]));
            }
            else if (!normalised.Contains(tag))
            {
                normalised.Add(tag);
            }
        }

        var distinct = tags.Select(NormaliseTag).Distinct(StringComparer.Ordinal).Count();
        if (distinct > MaxTags)
        {
            violations.Add(field, $"Give at most {MaxTags} distinct tags; there are {distinct}.");
        }

        return normalised;
    }

    public static string NormaliseTag(string tag) => tag.Trim().ToLowerInvariant();

    public static bool IsTag(string normalisedTag) => TagPattern().IsMatch(normalisedTag);

    public static string TagRule(string tag) =>
        $"Tag '{tag}' must be 1 to 32 characters among a-z, 0-9 and '-' (after trimming and lowercasing).";

    /// <summary>Validates a reviewer's or author's reason and returns it trimmed, or null when none was given.</summary>
    public static string? ValidateReason(string reason, bool required, string field, FieldViolations violations)
    {
        var trimmed = reason.Trim();
        if (trimmed.Length == 0)
        {
            if (required)
            {
                violations.Add(field, $"Give a reason of 1 to {MaxReasonLength} characters; it is empty after trimming.");
            }

            return null;
        }

        ValidateLength(trimmed, MaxReasonLength, field, "reason", violations);
        return trimmed;
    }

    public static void ValidateRequestId(string requestId, string field, FieldViolations violations) =>
        ValidateLength(requestId, MaxRequestIdLength, field, "request_id", violations);

    private static void ValidateLength(string text, int maximum, string field, string what, FieldViolations violations)
    {
        var length = Characters.Count(text);
        if (length > maximum)
        {
            violations.Add(field, $"Shorten the {what} to at most {maximum} characters; it has {length}.");
        }
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
