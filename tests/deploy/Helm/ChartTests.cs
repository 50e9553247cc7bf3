namespace Ideation.Deploy.Tests.Helm;

/// <summary>The chart lints, renders for each value set it ships, and every rendered object is a valid Kubernetes object.</summary>
public sealed class ChartTests
{
    public static TheoryData<ChartValues> ValueSets() => [ChartValues.Default, ChartValues.Staging, ChartValues.Production];

    public static TheoryData<string> ProductionRequiredKeys() => [.. ChartValuesArguments.ProductionRequired.Keys];

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Helm_lint_strict_passes(ChartValues values)
    {
        var result = await Helm.RunAsync(["lint", "--strict", ".", "--namespace", ChartValuesArguments.Namespace, .. ChartValuesArguments.For(values)]);

        Assert.True(result.ExitCode == 0, $"helm lint --strict failed:\n{result.Output}");
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Every_rendered_manifest_passes_type_validation(ChartValues values)
    {
        var yaml = await RenderedChart.YamlAsync(values);

        var result = await ManifestValidator.ValidateAsync(yaml);

        Assert.True(result.ExitCode == 0, $"validate-manifests.js refused the {values} render:\n{result.Output}");
        Assert.Contains($"{(await RenderedChart.ManifestsAsync(values)).All.Count} manifests valid", result.StandardOutput);
    }

    /// <summary>The type validation the test above relies on refuses what the API server would.</summary>
    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n        - {name: a, image: a, securityContext: {runAsUser: ten}}\n", "runAsUser")]
    [InlineData("apiVersion: v1\nkind: Servise\nmetadata: {name: a}\n", "no type Servise")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec: {maxReplicas: 2}\n", "scaleTargetRef")]
    public async Task Type_validation_refuses_an_invalid_manifest(string yaml, string expected)
    {
        var result = await ManifestValidator.ValidateAsync(yaml);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StandardError);
    }

    [Theory]
    [MemberData(nameof(ProductionRequiredKeys))]
    public async Task Production_values_without_a_required_value_fail_naming_it(string key)
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(ChartValuesArguments.ProductionWithout(key)));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{key} is required", result.StandardError);
    }

    /// <summary>With an operator-managed Secret, production needs no credential in its values and the chart renders none.</summary>
    [Fact]
    public async Task Production_with_an_existing_secret_renders_no_secret_and_reads_that_one()
    {
        var credentials = ChartValuesArguments.ProductionRequired.Keys.Where(key => key.StartsWith("secrets.", StringComparison.Ordinal)).ToArray();
        var yaml = await RenderedChart.TemplateAsync([.. ChartValuesArguments.ProductionWithout(credentials), "--set", "secrets.existingSecret=operator-managed"]);
        var manifests = Manifests.Parse(yaml);

        Assert.Empty(manifests.OfKind("Secret"));
        var referenced = PodSpecs.All(manifests)
            .SelectMany(pod => pod.Containers())
            .SelectMany(container => container.Env())
            .Select(env => (string?)env["valueFrom"]?["secretKeyRef"]?["name"])
            .OfType<string>()
            .Distinct()
            .ToList();
        Assert.Equal(["operator-managed"], referenced);
    }
}
