namespace Ideation.Ideas.Domain;

/// <summary>The author-editable part of an idea, already trimmed and normalised by the validator.</summary>
internal sealed record IdeaContent(string Title, string Description, string Category, IReadOnlyList<string> Tags);
