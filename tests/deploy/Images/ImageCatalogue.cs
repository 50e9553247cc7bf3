using Ideation.Testing;

namespace Ideation.Deploy.Tests.Images;

/// <summary>One image of the platform: its component name (ghcr.io/&lt;owner&gt;/ideation-&lt;component&gt;), Dockerfile and project.</summary>
internal sealed record ImageDefinition(string Component, string Dockerfile, string Project);

/// <summary>The images the platform ships, and every Dockerfile the repository holds.</summary>
internal static class ImageCatalogue
{
    /// <summary>The four processes of the platform, each an ASP.NET Core app listening on its own ports.</summary>
    public static IReadOnlyList<ImageDefinition> Services { get; } =
    [
        new("gateway", "gateway/Dockerfile", "gateway/src/Ideation.Gateway.csproj"),
        new("ideas", "services/ideas/Dockerfile", "services/ideas/src/Ideation.Ideas.csproj"),
        new("documents", "services/documents/Dockerfile", "services/documents/src/Ideation.Documents.csproj"),
        new("scanner", "services/scanner/Dockerfile", "services/scanner/src/Ideation.Scanner.csproj"),
    ];

    /// <summary>Folders that never hold the project's own Dockerfiles: output, dependencies, history.</summary>
    private static readonly HashSet<string> Skipped = new(["bin", "obj", "node_modules", "artifacts", ".git"], StringComparer.Ordinal);

    /// <summary>Every file named Dockerfile in the repository (the .NET apps' images), relative to its root with forward slashes.</summary>
    public static IReadOnlyList<string> Dockerfiles() => Find(name => name == "Dockerfile");

    /// <summary>Every Dockerfile, also those of development helpers named <c>&lt;what&gt;.Dockerfile</c>.</summary>
    public static IReadOnlyList<string> AllDockerfiles() => Find(name => name == "Dockerfile" || name.EndsWith(".Dockerfile", StringComparison.Ordinal));

    private static List<string> Find(Func<string, bool> isDockerfile)
    {
        var found = new List<string>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(RepositoryRoot.Path)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in directory.EnumerateDirectories().Where(child => !Skipped.Contains(child.Name)))
            {
                pending.Push(child);
            }

            found.AddRange(directory.EnumerateFiles().Where(file => isDockerfile(file.Name))
                .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file.FullName).Replace('\\', '/')));
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }
}
