namespace Ideation.Bench.Harness;

/// <summary>The repository the bench runs from: charts go into its docs, baselines' configs come from it.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ideation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from the repository (no Ideation.sln above " + AppContext.BaseDirectory + ").");
    }
}
