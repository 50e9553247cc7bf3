using System.Xml.Linq;
using Ideation.Testing;

namespace Ideation.Deploy.Tests.Images;

/// <summary>What an image build needs to know of a .csproj: its assembly name, the projects and files it pulls in.</summary>
internal sealed class ProjectFile
{
    private readonly XDocument _document;

    private ProjectFile(string path, XDocument document)
    {
        Path = path;
        _document = document;
    }

    /// <summary>Relative to the repository root, with forward slashes.</summary>
    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!.Replace('\\', '/');

    /// <summary>AssemblyName when the project sets it, else MSBuild's default: the project file's name.</summary>
    public string AssemblyName =>
        _document.Descendants("AssemblyName").Select(element => element.Value.Trim()).LastOrDefault()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The projects it references, relative to the repository root.</summary>
    public IEnumerable<string> ProjectReferences => Relative(_document.Descendants("ProjectReference"), "Include");

    /// <summary>The MSBuild files it imports from the repository (not the SDK's).</summary>
    public IEnumerable<string> Imports => Relative(_document.Descendants("Import"), "Project");

    public static ProjectFile Load(string relativePath) =>
        new(relativePath, XDocument.Load(System.IO.Path.Combine(RepositoryRoot.Path, relativePath)));

    /// <summary>The project and every project it references, directly or not.</summary>
    public static IReadOnlyList<ProjectFile> WithReferences(string relativePath)
    {
        var found = new Dictionary<string, ProjectFile>(StringComparer.Ordinal);
        var pending = new Stack<string>([relativePath]);
        while (pending.TryPop(out var path))
        {
            if (!found.ContainsKey(path))
            {
                var project = Load(path);
                found[path] = project;
                foreach (var reference in project.ProjectReferences)
                {
                    pending.Push(reference);
                }
            }
        }

        return [.. found.Values];
    }

    private IEnumerable<string> Relative(IEnumerable<XElement> elements, string attribute) =>
        elements.Select(element => element.Attribute(attribute)?.Value)
            .OfType<string>()
            .Where(value => !value.Contains("$(", StringComparison.Ordinal))
            .Select(value => System.IO.Path.GetRelativePath(RepositoryRoot.Path,
                System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot.Path, Directory, value.Replace('\\', '/')))).Replace('\\', '/'));
}
