using Ideation.Deploy.Tests.Compose;
using Ideation.Testing;

namespace Ideation.Deploy.Tests;

/// <summary>
/// Every place that configures clamd (the tests' and the local run's script, the Helm chart, Docker
/// Compose) sets limits that make "too big, too deep, too many files, encrypted" an alert, which the
/// scanner records as UNSCANNABLE, instead of a clean answer. The hostile-upload tests prove the
/// behaviour against the script's clamd; this keeps the other two saying the same.
/// </summary>
public sealed class ClamdLimitsTests
{
    public static TheoryData<string> Configurations() =>
    [
        "scripts/lib/clamd.sh",
        "deploy/helm/ideation/templates/_clamav.tpl",
        ComposeMountedConfiguration(),
    ];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Exceeding_a_limit_is_never_clean(string path)
    {
        var settings = Settings(path);

        Assert.Equal("yes", settings.GetValueOrDefault("AlertExceedsMax"));
        Assert.Equal("yes", settings.GetValueOrDefault("AlertEncrypted"));
        Assert.InRange(int.Parse(settings["MaxRecursion"], System.Globalization.CultureInfo.InvariantCulture), 1, 20);
        Assert.InRange(int.Parse(settings["MaxFiles"], System.Globalization.CultureInfo.InvariantCulture), 1, 100_000);
        // With a larger MaxScanSize clamd stops unpacking a member at MaxFileSize without any alert.
        Assert.Equal(settings["MaxFileSize"], settings["MaxScanSize"]);
        Assert.Equal(settings["MaxFileSize"], settings["StreamMaxLength"]);
    }

    /// <summary>The file docker-compose.yml mounts over the ClamAV image's clamd.conf.</summary>
    private static string ComposeMountedConfiguration()
    {
        var volumes = Yaml.Sequence(ComposeFile.Service("clamav").GetValueOrDefault("volumes"), "volumes").Cast<string>();
        var mount = volumes.Single(volume => volume.Split(':')[1] == "/etc/clamav/clamd.conf");
        return mount.Split(':')[0].TrimStart('.', '/');
    }

    /// <summary>clamd.conf lines ("Name value") wherever they are written, in a heredoc or a template.</summary>
    private static Dictionary<string, string> Settings(string path) =>
        File.ReadLines(Path.Combine(RepositoryRoot.Path, path))
            .Select(line => line.Trim().Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[0] is "AlertExceedsMax" or "AlertEncrypted" or "MaxRecursion" or "MaxFiles"
                or "MaxFileSize" or "MaxScanSize" or "StreamMaxLength")
            .GroupBy(parts => parts[0])
            .ToDictionary(group => group.Key, group => group.Single()[1].Trim());
}
