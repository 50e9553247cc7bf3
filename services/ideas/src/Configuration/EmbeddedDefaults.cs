using Microsoft.Extensions.Configuration.Memory;

namespace Ideation.Ideas.Configuration;

/// <summary>
/// The <c>Ideas</c> section of this service's appsettings.json, compiled into the assembly and added
/// as the lowest-priority configuration source. A process that hosts the service beside something
/// else (the gateway's tests) has an appsettings.json of its own, which this one must not replace in
/// its output folder (see the project file); the service still finds its default categories.
/// </summary>
internal static class EmbeddedDefaults
{
    private const string ResourceName = "Ideation.Ideas.appsettings.json";

    public static void AddIdeasDefaults(this IConfigurationBuilder configuration)
    {
        using var stream = typeof(EmbeddedDefaults).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The {ResourceName} resource is missing from the build.");
        var defaults = new ConfigurationBuilder().AddJsonStream(stream).Build()
            .GetSection(IdeasOptions.Section).AsEnumerable()
            .Where(setting => setting.Value is not null)
            .ToList();
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
    }
}
