using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Api;

/// <summary>Resource names: <c>ideas/{uuid}</c> and <c>ideas/{uuid}/events/{sequence}</c>.</summary>
internal static class IdeaNames
{
    private const string Prefix = "ideas/";

    public static string Format(Guid id) => Prefix + id.ToString("D");

    public static string FormatEvent(Guid ideaId, long sequence) => $"{Format(ideaId)}/events/{sequence}";

    /// <summary>
    /// Parses an idea name, or records a violation: a malformed name cannot name an existing idea,
    /// so it is an argument error rather than NOT_FOUND.
    /// </summary>
    public static Guid? Parse(string name, string field, FieldViolations violations)
    {
        if (name.StartsWith(Prefix, StringComparison.Ordinal)
            && Guid.TryParseExact(name.AsSpan(Prefix.Length), "D", out var id))
        {
            return id;
        }

        violations.Add(field, name.Length == 0
            ? "Give the idea's resource name, ideas/{id}."
            : $"'{name}' is not an idea name; use ideas/{{id}} as returned in Idea.name.");
        return null;
    }
}
