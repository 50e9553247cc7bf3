namespace Ideation.Testing;

/// <summary>The checkout the tests run from: the folder holding Ideation.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ideation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ideation.sln above {AppContext.BaseDirectory}.");
    }
}
