namespace Ideation.Ideas.Configuration;

/// <summary>Settings of the ideas service. Section <c>Ideas</c>.</summary>
public sealed class IdeasOptions
{
    public const string Section = "Ideas";

    /// <summary>The categories ideas are filed under, in the order forms show them.</summary>
    public List<CategoryOptions> Categories { get; set; } = [];

    /// <summary>The bounds of a search page's cost.</summary>
    public SearchOptions Search { get; set; } = new();

    public IReadOnlyList<string> CategoryIds() => Categories.Select(category => category.Id).ToList();
}

/// <summary>One configured category.</summary>
public sealed class CategoryOptions
{
    /// <summary>Stable identifier stored with each idea; renaming it orphans existing ideas.</summary>
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";
}
