using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>
/// The rendered NetworkPolicies (default values: PostgreSQL, Redis and MinIO as pods of the release's
/// namespace) let every call path of the platform through and refuse everything else, judged by
/// <see cref="NetworkPolicyEvaluator"/> against pods labelled as the chart renders them.
/// </summary>
public sealed class NetworkPolicyTests
{
    private const string Namespace = ChartValuesArguments.Namespace;

    public static TheoryData<string, string, int, string> AllowedPaths() => new()
    {
        // The platform's calls.
        { "gateway", "ideas", 5101, "TCP" },
        { "gateway", "documents", 5102, "TCP" },
        { "documents", "ideas", 5101, "TCP" },
        { "scanner", "documents", 5102, "TCP" },
        // Clients, from anywhere, to the gateway only.
        { "internet client", "gateway", 8443, "TCP" },
        { "internet client", "gateway", 8080, "TCP" },
        // Prometheus in the monitoring namespace, to each management port.
        { "prometheus", "gateway", 9080, "TCP" },
        { "prometheus", "ideas", 9101, "TCP" },
        { "prometheus", "documents", 9102, "TCP" },
        { "prometheus", "scanner", 9103, "TCP" },
        // Dependencies.
        { "ideas", "postgresql", 5432, "TCP" },
        { "documents", "postgresql", 5432, "TCP" },
        { "migrations", "postgresql", 5432, "TCP" },
        { "backup", "postgresql", 5432, "TCP" },
        { "ideas", "redis", 6379, "TCP" },
        { "documents", "redis", 6379, "TCP" },
        { "scanner", "redis", 6379, "TCP" },
        // The gateway's rate limits, shared by its replicas.
        { "gateway", "redis", 6379, "TCP" },
        { "documents", "minio", 9000, "TCP" },
        { "scanner", "minio", 9000, "TCP" },
        { "backup", "minio", 9000, "TCP" },
        { "scanner", "signature mirror", 443, "TCP" },
        // Name resolution, for every pod.
        { "gateway", "kube-dns", 53, "UDP" },
        { "ideas", "kube-dns", 53, "UDP" },
        { "documents", "kube-dns", 53, "TCP" },
        { "scanner", "kube-dns", 53, "UDP" },
        { "migrations", "kube-dns", 53, "UDP" },
        { "backup", "kube-dns", 53, "UDP" },
    };

    public static TheoryData<string, string, int, string> RefusedPaths() => new()
    {
        // Nothing but the gateway is reachable from outside the cluster.
        { "internet client", "ideas", 5101, "TCP" },
        { "internet client", "documents", 5102, "TCP" },
        { "internet client", "scanner", 5103, "TCP" },
        { "internet client", "gateway", 9080, "TCP" },
        // Nor from other pods of the namespace or of other namespaces.
        { "stranger in the namespace", "ideas", 5101, "TCP" },
        { "stranger in the namespace", "documents", 5102, "TCP" },
        { "pod of another namespace", "ideas", 5101, "TCP" },
        { "pod of another namespace", "documents", 9102, "TCP" },
        // Only the calls the platform makes.
        { "gateway", "scanner", 5103, "TCP" },
        { "ideas", "documents", 5102, "TCP" },
        { "ideas", "scanner", 5103, "TCP" },
        { "scanner", "ideas", 5101, "TCP" },
        { "documents", "scanner", 5103, "TCP" },
        { "migrations", "ideas", 5101, "TCP" },
        // Management ports only for monitoring, service ports not for monitoring.
        { "gateway", "documents", 9102, "TCP" },
        { "documents", "ideas", 9101, "TCP" },
        { "prometheus", "ideas", 5101, "TCP" },
        // Dependencies only for those that use them.
        { "gateway", "postgresql", 5432, "TCP" },
        { "scanner", "postgresql", 5432, "TCP" },
        { "migrations", "redis", 6379, "TCP" },
        { "backup", "redis", 6379, "TCP" },
        { "gateway", "minio", 9000, "TCP" },
        { "ideas", "minio", 9000, "TCP" },
        { "ideas", "postgresql", 6379, "TCP" },
        // No way out to the internet but the scanner's signature downloads.
        { "gateway", "signature mirror", 443, "TCP" },
        { "ideas", "signature mirror", 443, "TCP" },
        { "documents", "signature mirror", 443, "TCP" },
        { "backup", "signature mirror", 443, "TCP" },
        { "scanner", "signature mirror", 22, "TCP" },
        // Nor through the DNS rule to anything but DNS.
        { "gateway", "kube-dns", 443, "TCP" },
    };

    [Theory]
    [MemberData(nameof(AllowedPaths))]
    public async Task Each_call_path_of_the_platform_is_allowed(string from, string to, int port, string protocol)
    {
        var (evaluator, endpoints) = await RenderAsync([]);

        Assert.True(evaluator.Allows(endpoints[from], endpoints[to], port, protocol), $"{from} -> {to}:{port}/{protocol} is refused");
    }

    [Theory]
    [MemberData(nameof(RefusedPaths))]
    public async Task Every_other_path_is_refused(string from, string to, int port, string protocol)
    {
        var (evaluator, endpoints) = await RenderAsync([]);

        Assert.False(evaluator.Allows(endpoints[from], endpoints[to], port, protocol), $"{from} -> {to}:{port}/{protocol} is allowed");
    }

    /// <summary>A pod no policy selects would be open in that direction, whatever the other policies say.</summary>
    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task Every_pod_of_the_release_is_isolated_both_ways(ChartValues values)
    {
        var manifests = await RenderedChart.ManifestsAsync(values);
        var evaluator = Evaluator(manifests);

        Assert.All(PodSpecs.All(manifests), pod =>
        {
            var endpoint = Endpoint.Pod(pod.Owner.ToString(), Namespace, pod.Labels, "10.244.0.99");
            Assert.True(evaluator.Isolates(endpoint, "Ingress"), $"{pod.Owner}'s pods accept anything");
            Assert.True(evaluator.Isolates(endpoint, "Egress"), $"{pod.Owner}'s pods may connect anywhere");
        });
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("ideas")]
    [InlineData("documents")]
    [InlineData("scanner")]
    public async Task The_otlp_collector_is_reachable_only_when_one_is_configured(string component)
    {
        var (without, endpoints) = await RenderAsync([]);
        var (with, _) = await RenderAsync(["--set", "observability.otlp.endpoint=http://otel-collector.observability:4317"]);

        Assert.False(without.Allows(endpoints[component], endpoints["otel collector"], 4317));
        Assert.True(with.Allows(endpoints[component], endpoints["otel collector"], 4317));
    }

    [Fact]
    public async Task The_monitoring_namespace_is_a_value()
    {
        var (evaluator, endpoints) = await RenderAsync(["--set", "networkPolicy.monitoringNamespace=observability"]);

        Assert.False(evaluator.Allows(endpoints["prometheus"], endpoints["ideas"], 9101));
        Assert.True(evaluator.Allows(endpoints["otel collector"], endpoints["ideas"], 9101));
    }

    [Fact]
    public async Task Without_rate_limits_the_gateway_does_not_reach_redis()
    {
        var (evaluator, endpoints) = await RenderAsync(["--set", "gateway.rateLimits.enabled=false"]);

        Assert.False(evaluator.Allows(endpoints["gateway"], endpoints["redis"], 6379));
    }

    /// <summary>An egress rule without peers would open every destination; the chart refuses to render one.</summary>
    [Fact]
    public async Task A_dependency_without_destinations_is_refused()
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(["--set-json", "networkPolicy.redis.to=[]"]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("networkPolicy.redis.to is empty", result.StandardError);
    }

    private static async Task<(NetworkPolicyEvaluator Evaluator, Dictionary<string, Endpoint> Endpoints)> RenderAsync(string[] values)
    {
        var manifests = values.Length == 0
            ? await RenderedChart.ManifestsAsync(ChartValues.Default)
            : Manifests.Parse(await RenderedChart.TemplateAsync(values));
        return (Evaluator(manifests), Endpoints(manifests));
    }

    private static NetworkPolicyEvaluator Evaluator(Manifests manifests) =>
        new(Namespace, manifests.OfKind("NetworkPolicy").Select(policy => policy.Body));

    /// <summary>The release's pods with the labels the chart gives them, and the world around them.</summary>
    private static Dictionary<string, Endpoint> Endpoints(Manifests manifests)
    {
        var endpoints = new Dictionary<string, Endpoint>();
        var address = 10;
        foreach (var pod in PodSpecs.All(manifests))
        {
            var component = pod.Labels["app.kubernetes.io/component"];
            endpoints.TryAdd(component, Endpoint.Pod(component, Namespace, pod.Labels, $"10.244.1.{address++}"));
        }

        Add(Endpoint.Pod("postgresql", Namespace, Labels("app.kubernetes.io/name", "postgresql"), "10.244.2.1"));
        Add(Endpoint.Pod("redis", Namespace, Labels("app.kubernetes.io/name", "redis"), "10.244.2.2"));
        Add(Endpoint.Pod("minio", Namespace, Labels("app.kubernetes.io/name", "minio"), "10.244.2.3"));
        Add(Endpoint.Pod("stranger in the namespace", Namespace, Labels("app", "stranger"), "10.244.2.4"));
        Add(Endpoint.Pod("kube-dns", "kube-system", Labels("k8s-app", "kube-dns"), "10.244.3.1"));
        Add(Endpoint.Pod("prometheus", "monitoring", Labels("app.kubernetes.io/name", "prometheus"), "10.244.4.1"));
        Add(Endpoint.Pod("otel collector", "observability", Labels("app.kubernetes.io/name", "opentelemetry-collector"), "10.244.5.1"));
        Add(Endpoint.Pod("pod of another namespace", "elsewhere", Labels("app.kubernetes.io/name", "prometheus"), "10.244.6.1"));
        Add(Endpoint.Host("internet client", "203.0.113.10"));
        Add(Endpoint.Host("signature mirror", "198.51.100.20"));
        return endpoints;

        void Add(Endpoint endpoint) => endpoints.Add(endpoint.Description, endpoint);
    }

    private static Dictionary<string, string> Labels(string key, string value) => new() { [key] = value };
}
