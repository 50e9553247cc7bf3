using System.Text.RegularExpressions;
using Ideation.Testing;

namespace Ideation.Deploy.Tests;

/// <summary>docs/runbooks.md: the anchors of its sections, as a Markdown renderer (GitHub's) makes them.</summary>
internal static partial class Runbooks
{
    public const string Document = "docs/runbooks.md";

    /// <summary>The anchors of the second-level sections, one per alert.</summary>
    public static IReadOnlySet<string> SectionAnchors() =>
        File.ReadLines(Path.Combine(RepositoryRoot.Path, Document))
            .Where(line => line.StartsWith("## ", StringComparison.Ordinal))
            .Select(line => Anchor(line[3..]))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Lower case, punctuation dropped, spaces as hyphens: "High error rate!" is "high-error-rate".</summary>
    public static string Anchor(string heading) =>
        NotInAnchor().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"[^\p{L}\p{Nd}\- _]")]
    private static partial Regex NotInAnchor();
}
