namespace Ideation.Ideas.Validation;

/// <summary>The author-editable fields, as named in an update mask.</summary>
[Flags]
internal enum ContentFields
{
    None = 0,
    Title = 1,
    Description = 2,
    Category = 4,
    Tags = 8,
    All = Title | Description | Category | Tags,
}
