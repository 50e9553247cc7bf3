using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Api;

/// <summary>Resource names: <c>ideas/{uuid}</c> (a parent) and <c>ideas/{uuid}/documents/{uuid}</c>.</summary>
internal static class DocumentNames
{
    private const string IdeasPrefix = "ideas/";
    private const string DocumentsSegment = "/documents/";

    public static string FormatIdea(Guid ideaId) => IdeasPrefix + ideaId.ToString("D");

    public static string Format(Guid ideaId, Guid documentId) => FormatIdea(ideaId) + DocumentsSegment + documentId.ToString("D");

    /// <summary>
    /// Parses an idea name, or records a violation: a malformed name cannot name an existing idea,
    /// so it is an argument error rather than NOT_FOUND.
    /// </summary>
    public static Guid? ParseIdea(string name, string field, FieldViolations violations)
    {
        if (name.StartsWith(IdeasPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(name.AsSpan(IdeasPrefix.Length), "D", out var id))
        {
            return id;
        }

        violations.Add(field, name.Length == 0
            ? "Give the idea's resource name, ideas/{id}."
            : $"'{name}' is not an idea name; use ideas/{{id}} as returned in Idea.name.");
        return null;
    }

    /// <summary>Parses a document name into its idea and document ids, or records a violation.</summary>
    public static (Guid IdeaId, Guid DocumentId)? Parse(string name, string field, FieldViolations violations)
    {
        const int GuidLength = 36;
        var span = name.AsSpan();
        if (span.StartsWith(IdeasPrefix, StringComparison.Ordinal)
            && span.Length == IdeasPrefix.Length + GuidLength + DocumentsSegment.Length + GuidLength
            && Guid.TryParseExact(span.Slice(IdeasPrefix.Length, GuidLength), "D", out var ideaId)
            && span[(IdeasPrefix.Length + GuidLength)..].StartsWith(DocumentsSegment, StringComparison.Ordinal)
            && Guid.TryParseExact(span[^GuidLength..], "D", out var documentId))
        {
            return (ideaId, documentId);
        }

        violations.Add(field, name.Length == 0
            ? "Give the document's resource name, ideas/{idea}/documents/{document}."
            : $"'{name}' is not a document name; use ideas/{{idea}}/documents/{{document}} as returned in Document.name.");
        return null;
    }
}
