using System.Globalization;
using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>
/// The settings the scan pipeline's promises rest on, across components: no running scan is killed
/// by a pod's shutdown or claimed twice, and every accepted upload can be scanned whole.
/// </summary>
public sealed class ScanningSettingsTests
{
    /// <summary>The scanner's host waits ScanTimeout + 30 s for running scans after SIGTERM (ScanJobSetup).</summary>
    private static readonly TimeSpan ScannerShutdownMargin = TimeSpan.FromSeconds(30);

    public static TheoryData<string[]> ScanTimings() =>
    [
        [],
        ["--set", "scanning.scanTimeoutSeconds=900"],
        ["--set", "scanning.scanTimeoutSeconds=60", "--set", "preStopSleepSeconds=20"],
        ["--set", "scanning.leaseSeconds=3600"],
    ];

    [Theory]
    [MemberData(nameof(ScanTimings))]
    public async Task Scanner_pods_outlive_the_longest_scan_and_the_lease_outlives_it_too(string[] values)
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(values));
        var scanner = Config(manifests, "scanner");
        var documents = Config(manifests, "documents");
        var pod = PodSpecs.Of(manifests.Single("Deployment", "ideation-scanner"))!;
        var scanTimeout = TimeSpan.Parse(scanner["Scanner__Jobs__ScanTimeout"]!.ToString(), CultureInfo.InvariantCulture);
        var lease = TimeSpan.Parse(documents["Documents__Scan__Lease"]!.ToString(), CultureInfo.InvariantCulture);
        var claimIdle = TimeSpan.Parse(scanner["Scanner__Jobs__ClaimIdle"]!.ToString(), CultureInfo.InvariantCulture);
        var grace = TimeSpan.FromSeconds((int)pod.Spec["terminationGracePeriodSeconds"]!);
        var preStop = TimeSpan.FromSeconds((int)pod.Containers().Single(container => container.Name == "scanner").Body["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!);

        Assert.True(grace > preStop + scanTimeout + ScannerShutdownMargin, $"grace {grace} must exceed preStop {preStop} + scan timeout {scanTimeout} + {ScannerShutdownMargin}");
        Assert.True(lease > scanTimeout + ScannerShutdownMargin, $"lease {lease} must exceed the scan timeout {scanTimeout} and the calls around it");
        Assert.True(claimIdle > lease, $"claim idle {claimIdle} must exceed the lease {lease}");
    }

    [Fact]
    public async Task The_scan_timeout_is_one_value_the_others_follow()
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", "scanning.scanTimeoutSeconds=900"]));

        Assert.Equal("0.00:15:00", (string?)Config(manifests, "scanner")["Scanner__Jobs__ScanTimeout"]);
        Assert.Equal("0.00:30:00", (string?)Config(manifests, "documents")["Documents__Scan__Lease"]);
        Assert.Equal(10 + 900 + 30 + 15, (int?)manifests.Single("Deployment", "ideation-scanner").Spec!["template"]!["spec"]!["terminationGracePeriodSeconds"]);
    }

    [Theory]
    [InlineData("scanning.leaseSeconds=300", "scanning.leaseSeconds (300) must be longer than scanning.scanTimeoutSeconds")]
    [InlineData("scanner.terminationGracePeriodSeconds=300", "scanner.terminationGracePeriodSeconds (300) must be at least 355")]
    [InlineData("uploads.scannerHeadroomMiB=0", "uploads.scannerHeadroomMiB")]
    public async Task Inconsistent_scan_settings_are_refused(string value, string message)
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(["--set", value]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StandardError);
    }

    /// <summary>
    /// documents refuses uploads over MaxBytes, clamd reads up to one limit (StreamMaxLength =
    /// MaxFileSize = MaxScanSize) above it, and the gateway lets that much through: all from uploads.maxMiB.
    /// </summary>
    [Theory]
    [InlineData(50, 64)]
    [InlineData(200, 214)]
    public async Task Upload_limit_sits_below_what_clamd_reads_and_the_gateway_lets_through(int maxMiB, int clamdMiB)
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", $"uploads.maxMiB={maxMiB}"]));
        var documents = Config(manifests, "documents");
        var clamd = ClamdSettings(manifests);

        Assert.Equal(maxMiB * 1048576L, long.Parse((string)documents["Documents__Upload__MaxBytes"]!, CultureInfo.InvariantCulture));
        var streamLimit = long.Parse((string)documents["Documents__Upload__ScannerStreamLimitBytes"]!, CultureInfo.InvariantCulture);
        Assert.Equal(clamdMiB * 1048576L, streamLimit);
        Assert.Equal($"{clamdMiB}M", clamd["StreamMaxLength"]);
        Assert.Equal($"{clamdMiB}M", clamd["MaxFileSize"]);
        Assert.Equal($"{clamdMiB}M", clamd["MaxScanSize"]);
        Assert.Equal(streamLimit, long.Parse((string)Config(manifests, "gateway")["Gateway__MaxUploadBytes"]!, CultureInfo.InvariantCulture));
    }

    /// <summary>clamd is a sidecar: the scanner reaches it over loopback, and nothing else can.</summary>
    [Fact]
    public async Task The_scanner_talks_to_its_own_clamd_over_loopback()
    {
        var manifests = await RenderedChart.ManifestsAsync(ChartValues.Default);
        var clamd = ClamdSettings(manifests);
        var pod = PodSpecs.Of(manifests.Single("Deployment", "ideation-scanner"))!;

        Assert.Equal("127.0.0.1:3310", (string?)Config(manifests, "scanner")["Scanner__Clamd__Endpoints__0"]);
        Assert.Equal("127.0.0.1", clamd["TCPAddr"]);
        Assert.Equal("3310", clamd["TCPSocket"]);
        Assert.Equal("yes", clamd["AlertExceedsMax"]);
        Assert.Equal("yes", clamd["AlertEncrypted"]);
        var sidecars = pod.Containers().Where(container => container.IsSidecar).Select(container => container.Name);
        Assert.Equal(["freshclam", "clamd"], sidecars);
        // freshclam and clamd share the signatures.
        Assert.All(pod.Containers().Where(container => container.IsSidecar), container =>
            Assert.Contains(container.Body["volumeMounts"]!.AsArray(), mount => (string?)mount!["name"] == "signatures" && (string?)mount["mountPath"] == "/var/lib/clamav"));
    }

    private static JsonObject Config(Manifests manifests, string component) =>
        (JsonObject)manifests.Single("ConfigMap", $"ideation-{component}").Body["data"]!;

    private static Dictionary<string, string> ClamdSettings(Manifests manifests) =>
        ((string)manifests.Single("ConfigMap", "ideation-clamav").Body["data"]!["clamd.conf"]!)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
}
