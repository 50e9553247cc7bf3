using System.Reflection;

namespace Ideation.Bench.Harness;

/// <summary>
/// Where a program the bench starts was built: the bench's project references them (without their
/// assemblies), so building the bench builds them too, in the same configuration. Measurements need
/// Release: a Debug build of the bench refuses to run them.
/// </summary>
public static class BuiltProgram
{
    /// <param name="projectDirectory">Relative to the repository root, e.g. gateway/src.</param>
    /// <param name="assembly">The program's file name, e.g. Ideation.Gateway.dll.</param>
    /// <returns>The folder holding the program (bin/Release/net10.0).</returns>
    public static string Directory(string projectDirectory, string assembly)
    {
        var configuration = typeof(BuiltProgram).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        if (configuration != "Release")
        {
            throw new InvalidOperationException($"The bench was built in {configuration}: run it with -c Release, so that what it starts is a Release build.");
        }

        var directory = Path.Combine(RepositoryRoot.Find(), projectDirectory, "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(directory, assembly)))
        {
            throw new InvalidOperationException($"{assembly} is not in {directory}: build the bench (dotnet build bench/Ideation.Bench -c Release).");
        }

        return directory;
    }
}
