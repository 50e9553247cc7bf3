using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>Each component is deployed, reachable, scaled and protected from disruption as the design asks.</summary>
public sealed class WorkloadTests
{
    public static TheoryData<ChartValues, string> ComponentsPerValueSet()
    {
        var data = new TheoryData<ChartValues, string>();
        foreach (var values in new[] { ChartValues.Default, ChartValues.Staging, ChartValues.Production })
        {
            foreach (var component in Components)
            {
                data.Add(values, component);
            }
        }

        return data;
    }

    private static readonly string[] Components = ["gateway", "ideas", "documents", "scanner"];

    [Theory]
    [MemberData(nameof(ComponentsPerValueSet))]
    public async Task Each_component_has_a_deployment_service_autoscaler_and_disruption_budget(ChartValues values, string component)
    {
        var manifests = await RenderedChart.ManifestsAsync(values);
        var name = $"ideation-{component}";

        var deployment = manifests.Single("Deployment", name);
        var selector = (JsonObject)deployment.Spec!["selector"]!["matchLabels"]!;
        Assert.Equal(component, (string?)selector["app.kubernetes.io/component"]);
        Assert.Equal(selector.ToJsonString(), manifests.Single("Service", name).Spec!["selector"]!.ToJsonString());
        Assert.Equal(selector.ToJsonString(), manifests.Single("PodDisruptionBudget", name).Spec!["selector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal(name, (string?)manifests.Single("HorizontalPodAutoscaler", name).Spec!["scaleTargetRef"]!["name"]);
    }

    [Theory]
    [MemberData(nameof(ComponentsPerValueSet))]
    public async Task Deployments_roll_one_new_pod_at_a_time_and_spread_over_nodes(ChartValues values, string component)
    {
        var deployment = (await RenderedChart.ManifestsAsync(values)).Single("Deployment", $"ideation-{component}");
        var strategy = deployment.Spec!["strategy"]!;
        var affinity = deployment.Spec!["template"]!["spec"]!["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!;

        Assert.Equal("RollingUpdate", (string?)strategy["type"]);
        Assert.Equal(1, (int?)strategy["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(0, (int?)strategy["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("kubernetes.io/hostname", (string?)affinity["podAffinityTerm"]!["topologyKey"]);
        Assert.Equal(
            deployment.Spec!["selector"]!["matchLabels"]!.ToJsonString(),
            affinity["podAffinityTerm"]!["labelSelector"]!["matchLabels"]!.ToJsonString());
    }

    /// <summary>An autoscaler scaling a Deployment that does not exist would do nothing, silently.</summary>
    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_autoscaler_targets_a_rendered_deployment(ChartValues values)
    {
        var manifests = await RenderedChart.ManifestsAsync(values);
        var deployments = manifests.OfKind("Deployment").Select(deployment => deployment.Name).ToHashSet();

        foreach (var autoscaler in manifests.OfKind("HorizontalPodAutoscaler"))
        {
            var target = autoscaler.Spec!["scaleTargetRef"]!;
            Assert.Equal("apps/v1", (string?)target["apiVersion"]);
            Assert.Equal("Deployment", (string?)target["kind"]);
            Assert.Contains((string)target["name"]!, deployments);
        }
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("ideas")]
    [InlineData("documents")]
    [InlineData("scanner")]
    public async Task Autoscalers_keep_two_to_ten_pods_at_70_percent_cpu_by_default(string component)
    {
        var autoscaler = (await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("HorizontalPodAutoscaler", $"ideation-{component}");

        Assert.Equal(2, (int?)autoscaler.Spec!["minReplicas"]);
        Assert.Equal(10, (int?)autoscaler.Spec!["maxReplicas"]);
        Assert.Equal([("cpu", 70)], Targets(autoscaler));
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("ideas")]
    [InlineData("documents")]
    public async Task Memory_scaling_is_opt_in_per_component(string component)
    {
        var yaml = await RenderedChart.TemplateAsync(["--set", $"{component}.autoscaling.memory.enabled=true"]);
        var manifests = Manifests.Parse(yaml);

        Assert.Equal([("cpu", 70), ("memory", 80)], Targets(manifests.Single("HorizontalPodAutoscaler", $"ideation-{component}")));
        var others = Components.Where(other => other != component);
        Assert.All(others, other => Assert.Equal([("cpu", 70)], Targets(manifests.Single("HorizontalPodAutoscaler", $"ideation-{other}"))));
    }

    /// <summary>The scanner's memory is clamd's signatures, the same in every pod: the schema has no memory target for it.</summary>
    [Fact]
    public async Task The_scanner_cannot_scale_on_memory()
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(["--set", "scanner.autoscaling.memory.enabled=true"]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("scanner.autoscaling: Additional property memory is not allowed", result.StandardError);
    }

    [Theory]
    [InlineData("gateway", "250m", "512Mi", "500m", "1Gi")]
    [InlineData("ideas", "500m", "1Gi", "1", "2Gi")]
    [InlineData("documents", "500m", "1Gi", "1", "2Gi")]
    [InlineData("scanner", "500m", "1Gi", "1", "2Gi")]
    public async Task Components_have_the_designs_sizes(string component, string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
    {
        var pod = PodSpecs.Of((await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("Deployment", $"ideation-{component}"))!;
        var resources = pod.Containers().Single(container => container.Name == component).Body["resources"]!;

        Assert.Equal(cpuRequest, resources["requests"]!["cpu"]!.ToString());
        Assert.Equal(memoryRequest, resources["requests"]!["memory"]!.ToString());
        Assert.Equal(cpuLimit, resources["limits"]!["cpu"]!.ToString());
        Assert.Equal(memoryLimit, resources["limits"]!["memory"]!.ToString());
    }

    [Fact]
    public async Task The_gateway_is_a_load_balancer_serving_its_certificate_from_a_secret()
    {
        var manifests = await RenderedChart.ManifestsAsync(ChartValues.Default);
        var service = manifests.Single("Service", "ideation-gateway");
        var pod = PodSpecs.Of(manifests.Single("Deployment", "ideation-gateway"))!;
        var config = (JsonObject)manifests.Single("ConfigMap", "ideation-gateway").Body["data"]!;
        var gateway = pod.Containers().Single(container => container.Name == "gateway").Body;

        Assert.Equal("LoadBalancer", (string?)service.Spec!["type"]);
        Assert.Equal(["https:443->https", "http:80->http"],
            service.Spec!["ports"]!.AsArray().Select(port => $"{port!["name"]}:{port["port"]}->{port["targetPort"]}"));
        var tls = pod.Spec["volumes"]!.AsArray().Single(volume => (string?)volume!["name"] == "tls")!;
        Assert.Equal("ideation-gateway-tls", (string?)tls["secret"]!["secretName"]);
        var mount = gateway["volumeMounts"]!.AsArray().Single(volumeMount => (string?)volumeMount!["name"] == "tls")!;
        Assert.Equal("/etc/ideation/tls/tls.crt", (string?)config["Gateway__CertificatePath"]);
        Assert.Equal("/etc/ideation/tls/tls.key", (string?)config["Gateway__CertificateKeyPath"]);
        Assert.StartsWith((string)mount["mountPath"]! + "/", (string?)config["Gateway__CertificatePath"]);
    }

    [Fact]
    public async Task The_gateway_service_type_is_configurable()
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", "gateway.service.type=ClusterIP"]));

        Assert.Equal("ClusterIP", (string?)manifests.Single("Service", "ideation-gateway").Spec!["type"]);
    }

    /// <summary>Pods read their configuration and credentials at startup only: a change must roll them.</summary>
    [Theory]
    [InlineData("auth.audience=another-audience", "checksum/config")]
    [InlineData("secrets.redis=another-redis:6379", "checksum/secret")]
    public async Task A_configuration_or_credential_change_rolls_the_pods(string change, string annotation)
    {
        var before = await RenderedChart.ManifestsAsync(ChartValues.Default);
        var after = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", change]));

        foreach (var component in Components)
        {
            string? Checksum(Manifests manifests) =>
                (string?)manifests.Single("Deployment", $"ideation-{component}").Spec!["template"]!["metadata"]!["annotations"]![annotation];

            Assert.NotNull(Checksum(before));
            Assert.NotEqual(Checksum(before), Checksum(after));
        }
    }

    /// <summary>deploy/prometheus/prometheus.yml keeps pods by name and component label and scrapes the port named metrics.</summary>
    [Theory]
    [InlineData("gateway", 9080)]
    [InlineData("ideas", 9101)]
    [InlineData("documents", 9102)]
    [InlineData("scanner", 9103)]
    public async Task Pods_carry_the_labels_and_metrics_port_prometheus_scrapes(string component, int managementPort)
    {
        var pod = PodSpecs.Of((await RenderedChart.ManifestsAsync(ChartValues.Production)).Single("Deployment", $"ideation-{component}"))!;
        var container = pod.Containers().Single(container => container.Name == component);

        Assert.Equal("ideation", pod.Labels["app.kubernetes.io/name"]);
        Assert.Equal(component, pod.Labels["app.kubernetes.io/component"]);
        Assert.Equal("ideation", pod.Labels["app.kubernetes.io/part-of"]);
        Assert.Equal(ChartValuesArguments.ReleaseName, pod.Labels["app.kubernetes.io/instance"]);
        var metrics = Assert.Single(container.Body["ports"]!.AsArray(), port => (string?)port!["name"] == "metrics")!;
        Assert.Equal(managementPort, (int?)metrics["containerPort"]);
        Assert.Equal(managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string?)(await RenderedChart.ManifestsAsync(ChartValues.Production)).Single("ConfigMap", $"ideation-{component}").Body["data"]!["Hosting__ManagementPort"]);
    }

    [Fact]
    public async Task Every_platform_image_comes_from_the_owner_and_tag_given()
    {
        var manifests = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", "image.owner=acme", "--set", "image.tag=sha-0123abc"]));
        var images = PodSpecs.All(manifests).SelectMany(pod => pod.Containers())
            .Where(container => container.Name is not ("clamd" or "freshclam"))
            .Select(container => (string)container.Body["image"]!)
            .Distinct()
            .Order();

        Assert.Equal(
            ["backup", "documents", "gateway", "ideas", "scanner"],
            images.Select(image => Assert.Single(System.Text.RegularExpressions.Regex.Matches(image, "^ghcr.io/acme/ideation-([a-z]+):sha-0123abc$")).Groups[1].Value));
    }

    private static List<(string, int)> Targets(Manifest autoscaler) =>
        [.. autoscaler.Spec!["metrics"]!.AsArray().Select(metric =>
            ((string)metric!["resource"]!["name"]!, (int)metric["resource"]!["target"]!["averageUtilization"]!))];
}
