using System.Text.Json.Nodes;
using Ideation.Testing;
using YamlDotNet.RepresentationModel;

namespace Ideation.Deploy.Tests;

/// <summary>deploy/prometheus/local.yml and prometheus.yml are configurations Prometheus accepts, scraping what they say.</summary>
public sealed class PrometheusConfigurationTests
{
    [Fact]
    public Task Local_configuration_passes_promtool_check_config() =>
        Promtool.AssertSucceedsAsync("check", "config", "local.yml");

    /// <summary>
    /// Debian's Prometheus is built without Kubernetes discovery, so its promtool refuses
    /// kubernetes_sd_configs. Everything else (relabelling, rule files, globals) is checked on a copy
    /// whose discovery is swapped for a static target, beside the real rules.
    /// </summary>
    [Fact]
    public async Task Kubernetes_configuration_passes_promtool_check_config_but_for_its_discovery()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Promtool.PrometheusFolder, "prometheus.yml")))
        {
            yaml.Load(reader);
        }

        var scrapeConfigs = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["scrape_configs"];
        foreach (var scrapeConfig in scrapeConfigs.Cast<YamlMappingNode>())
        {
            Assert.True(scrapeConfig.Children.Remove(new YamlScalarNode("kubernetes_sd_configs")), "every scrape configuration discovers pods");
            scrapeConfig.Add("static_configs", new YamlSequenceNode(new YamlMappingNode(
                "targets", new YamlSequenceNode(new YamlScalarNode("127.0.0.1:9080")))));
        }

        // A scratch folder with the real rules beside the copy, since rule_files are relative to the configuration.
        var scratch = Directory.CreateTempSubdirectory("ideation-prometheus-");
        try
        {
            var rules = Directory.CreateDirectory(Path.Combine(scratch.FullName, "rules"));
            foreach (var rule in Directory.GetFiles(Path.Combine(Promtool.PrometheusFolder, "rules")))
            {
                File.Copy(rule, Path.Combine(rules.FullName, Path.GetFileName(rule)));
            }

            var copy = Path.Combine(scratch.FullName, "prometheus.yml");
            await using (var writer = new StreamWriter(copy))
            {
                yaml.Save(writer, assignAnchors: false);
            }

            await Promtool.AssertSucceedsAsync("check", "config", copy);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The local run's targets are the management ports the processes listen on (Hosting:ManagementPort).</summary>
    [Theory]
    [InlineData("gateway", "gateway/src")]
    [InlineData("ideas", "services/ideas/src")]
    [InlineData("documents", "services/documents/src")]
    [InlineData("scanner", "services/scanner/src")]
    public void Local_configuration_scrapes_each_process_on_its_management_port(string component, string project)
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, project, "appsettings.json")))!;
        var managementPort = (int)settings["Hosting"]!["ManagementPort"]!;

        Assert.Equal([$"127.0.0.1:{managementPort}"], LocalTargetsOf(component));
    }

    private static List<string> LocalTargetsOf(string component)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Promtool.PrometheusFolder, "local.yml")))
        {
            yaml.Load(reader);
        }

        var targets = new List<string>();
        foreach (var scrapeConfig in ((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["scrape_configs"]).Cast<YamlMappingNode>())
        {
            foreach (var staticConfig in ((YamlSequenceNode)scrapeConfig["static_configs"]).Cast<YamlMappingNode>())
            {
                var labels = (YamlMappingNode)staticConfig["labels"];
                if (((YamlScalarNode)labels["component"]).Value == component)
                {
                    targets.AddRange(((YamlSequenceNode)staticConfig["targets"]).Cast<YamlScalarNode>().Select(target => target.Value!));
                }
            }
        }

        return targets;
    }
}
