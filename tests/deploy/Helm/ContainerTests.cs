using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>Every container the chart renders, init containers and sidecars included, is probed, sized and locked down.</summary>
public sealed class ContainerTests
{
    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_long_running_container_has_liveness_and_readiness_probes(ChartValues values)
    {
        var containers = await ContainersAsync(values);
        var longRunning = containers.Where(container => !container.Pod.IsJob).ToList();

        Assert.NotEmpty(longRunning);
        Assert.Contains(longRunning, container => container.IsSidecar);
        // A plain init container cannot be probed; the chart's only init containers are sidecars.
        Assert.All(longRunning, container => Assert.True(!container.IsInit || container.IsSidecar, $"{container} is a plain init container"));
        Assert.All(longRunning, container =>
        {
            Assert.True(container.Body["livenessProbe"] is JsonObject, $"{container} has no liveness probe");
            Assert.True(container.Body["readinessProbe"] is JsonObject, $"{container} has no readiness probe");
            Assert.True(container.Body["startupProbe"] is JsonObject, $"{container} has no startup probe");
        });
    }

    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_container_has_cpu_and_memory_requests_and_limits(ChartValues values)
    {
        Assert.All(await ContainersAsync(values), container =>
        {
            foreach (var bound in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container.Body["resources"]?[bound]?[resource] is not null, $"{container} has no {resource} {bound}");
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_container_runs_as_non_root_on_a_read_only_root_without_capabilities(ChartValues values)
    {
        Assert.All(await ContainersAsync(values), container =>
        {
            var pod = container.Pod.Spec["securityContext"] as JsonObject ?? [];
            var own = container.Body["securityContext"] as JsonObject ?? [];
            JsonNode? Effective(string field) => own[field] ?? pod[field];

            Assert.True((bool?)Effective("runAsNonRoot") == true, $"{container}: runAsNonRoot");
            // A numeric user lets the kubelet verify runAsNonRoot before it starts the container.
            Assert.True((long?)Effective("runAsUser") is > 0, $"{container}: runAsUser must be a user other than root");
            Assert.True((bool?)own["readOnlyRootFilesystem"] == true, $"{container}: readOnlyRootFilesystem");
            Assert.True((bool?)own["allowPrivilegeEscalation"] == false, $"{container}: allowPrivilegeEscalation");
            Assert.Equal(["ALL"], (own["capabilities"]?["drop"] as JsonArray ?? []).Select(capability => (string?)capability));
            Assert.Null(own["capabilities"]?["add"]);
            Assert.Equal("RuntimeDefault", (string?)(Effective("seccompProfile")?["type"]));
        });
    }

    /// <summary>A read-only root still needs somewhere to write temporary files.</summary>
    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_container_has_a_writable_tmp_from_an_empty_dir(ChartValues values)
    {
        Assert.All(await ContainersAsync(values), container =>
        {
            var mount = (container.Body["volumeMounts"] as JsonArray ?? []).SingleOrDefault(volumeMount => (string?)volumeMount!["mountPath"] == "/tmp");
            Assert.True(mount is not null, $"{container} has no /tmp");
            var volume = container.Pod.Spec["volumes"]!.AsArray().Single(volume => (string?)volume!["name"] == (string?)mount!["name"])!;
            Assert.True(volume["emptyDir"] is JsonObject, $"{container}'s /tmp is not an emptyDir");
        });
    }

    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task No_pod_or_service_account_mounts_a_kubernetes_api_token(ChartValues values)
    {
        var manifests = await RenderedChart.ManifestsAsync(values);

        Assert.All(PodSpecs.All(manifests), pod => Assert.True((bool?)pod.Spec["automountServiceAccountToken"] == false, $"{pod.Owner} mounts a token"));
        Assert.All(manifests.OfKind("ServiceAccount"), account => Assert.True((bool?)account.Body["automountServiceAccountToken"] == false, $"{account} mounts a token"));
        Assert.All(PodSpecs.All(manifests), pod =>
            Assert.Contains((string)pod.Spec["serviceAccountName"]!, manifests.OfKind("ServiceAccount").Select(account => account.Name)));
    }

    /// <summary>
    /// The services' readiness is their gRPC health on the service port (the listener the traffic
    /// uses); liveness is /health on the management port, which checks no dependency.
    /// </summary>
    [Theory]
    [InlineData("ideas", 5101, "ideation.ideas.v1.IdeaService")]
    [InlineData("documents", 5102, "ideation.documents.v1.DocumentService")]
    [InlineData("scanner", 5103, "ideation.scanner.v1.ScannerService")]
    public async Task Services_are_ready_by_grpc_health_and_alive_by_health_on_the_metrics_port(string component, int port, string grpcService)
    {
        var container = (await ContainersAsync(ChartValues.Default)).Single(container => container.Name == component);

        Assert.Equal(port, (int?)container.Body["readinessProbe"]!["grpc"]!["port"]);
        Assert.Equal(grpcService, (string?)container.Body["readinessProbe"]!["grpc"]!["service"]);
        Assert.Equal("/health", (string?)container.Body["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("metrics", (string?)container.Body["livenessProbe"]!["httpGet"]!["port"]);
        Assert.Contains(container.Body["ports"]!.AsArray(), containerPort => (string?)containerPort!["name"] == "metrics" && (int?)containerPort["containerPort"] == port + 4000);
    }

    private static async Task<List<Container>> ContainersAsync(ChartValues values) =>
        [.. PodSpecs.All(await RenderedChart.ManifestsAsync(values)).SelectMany(pod => pod.Containers())];
}
