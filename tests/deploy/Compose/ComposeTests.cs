using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ideation.Deploy.Tests.Images;
using Ideation.Testing;

namespace Ideation.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml runs the platform for developers with Docker: every part of the design's
/// development stack, the apps built from their Dockerfiles, migrations before the services, start
/// order by health, the apps as locked down as in Kubernetes, and no secret but from .env.
/// No Docker engine is needed: the file is read as docker compose reads it.
/// </summary>
public sealed partial class ComposeTests
{
    /// <summary>The design's development services, by their names in the file.</summary>
    private static readonly string[] PlatformServices =
        ["gateway", "ideas", "documents", "scanner", "postgres", "redis", "clamav", "s3", "prometheus", "grafana"];

    public static TheoryData<string> Apps() => [.. ImageCatalogue.Services.Select(image => image.Component)];

    public static TheoryData<string> MigratedApps() => ["ideas", "documents"];

    [Fact]
    public void Defines_every_service_of_the_development_stack()
    {
        var services = ComposeFile.Services();

        Assert.Superset(PlatformServices.ToHashSet(StringComparer.Ordinal), services.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_build_names_a_Dockerfile_that_exists()
    {
        var builds = ComposeFile.Services().Select(service => (service.Key, Dockerfile: ComposeFile.Dockerfile(service.Value))).Where(build => build.Dockerfile is not null).ToList();

        Assert.NotEmpty(builds);
        Assert.All(builds, build => Assert.True(File.Exists(ComposeFile.PathOf(build.Dockerfile!)), $"{build.Key} builds from {build.Dockerfile}, which does not exist."));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void App_is_built_from_its_image_Dockerfile(string component)
    {
        var image = ImageCatalogue.Services.Single(candidate => candidate.Component == component);

        Assert.Equal(image.Dockerfile, ComposeFile.Dockerfile(ComposeFile.Service(component)));
    }

    /// <summary>Services pull only images pinned to a tag, so that every developer runs the same versions.</summary>
    [Fact]
    public void Every_pulled_image_is_pinned_to_a_tag_other_than_latest()
    {
        foreach (var (name, service) in ComposeFile.Services().Where(service => ComposeFile.Dockerfile(service.Value) is null))
        {
            var image = Assert.IsType<string>(service.GetValueOrDefault("image"), exactMatch: false);
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image.LastIndexOf(':') > image.LastIndexOf('/') ? image[(image.LastIndexOf(':') + 1)..] : null;
            Assert.True(tag is not null && tag != "latest", $"{name} pulls {image}, which is not pinned.");
        }
    }

    /// <summary>The apps run as the Helm chart runs them: nothing writable but /tmp, no capabilities, no privilege escalation.</summary>
    [Theory]
    [MemberData(nameof(Apps))]
    public void App_runs_on_a_read_only_filesystem_without_privileges(string component)
    {
        var service = ComposeFile.Service(component);

        Assert.Equal("true", service.GetValueOrDefault("read_only"));
        Assert.Contains("/tmp", Yaml.Sequence(service.GetValueOrDefault("tmpfs"), "tmpfs").Cast<string>());
        Assert.Equal(["ALL"], Yaml.Sequence(service.GetValueOrDefault("cap_drop"), "cap_drop").Cast<string>());
        Assert.Contains("no-new-privileges:true", Yaml.Sequence(service.GetValueOrDefault("security_opt"), "security_opt").Cast<string>());
    }

    /// <summary>
    /// Migrations run once, as one-shot containers of the service's own image (its `migrate`
    /// argument), and the service starts only after they succeeded, as the chart's hook Jobs do.
    /// </summary>
    [Theory]
    [MemberData(nameof(MigratedApps))]
    public void Migrations_complete_before_the_service_starts(string component)
    {
        var service = ComposeFile.Service(component);
        var migrate = ComposeFile.Service($"{component}-migrate");

        Assert.Equal("service_completed_successfully", ComposeFile.DependsOn(service).GetValueOrDefault($"{component}-migrate"));
        Assert.Equal(ComposeFile.Dockerfile(service), ComposeFile.Dockerfile(migrate));
        Assert.Equal(["migrate"], Yaml.Sequence(migrate.GetValueOrDefault("command"), "command").Cast<string>());
        Assert.Equal("no", migrate.GetValueOrDefault("restart"));
        Assert.Equal("service_healthy", ComposeFile.DependsOn(migrate).GetValueOrDefault("postgres"));
        var connectionString = $"ConnectionStrings__{char.ToUpperInvariant(component[0])}{component[1..]}";
        Assert.Equal(ComposeFile.Environment(service)[connectionString], ComposeFile.Environment(migrate)[connectionString]);
    }

    /// <summary>Every dependency is waited for until it is healthy (or, for a one-shot, done): never merely started.</summary>
    [Fact]
    public void Every_dependency_is_waited_for_by_health_or_completion()
    {
        var services = ComposeFile.Services();
        foreach (var (name, service) in services)
        {
            foreach (var (dependency, condition) in ComposeFile.DependsOn(service))
            {
                Assert.True(services.ContainsKey(dependency), $"{name} depends on {dependency}, which is not a service.");
                Assert.True(condition is "service_healthy" or "service_completed_successfully", $"{name} waits for {dependency} only to start ({condition}).");
                if (condition == "service_healthy")
                {
                    Assert.True(services[dependency].ContainsKey("healthcheck"), $"{name} waits for {dependency} to be healthy, but it has no healthcheck.");
                }
            }
        }
    }

    /// <summary>An app is healthy when its management port answers /ready: the port its appsettings.json sets.</summary>
    [Theory]
    [MemberData(nameof(Apps))]
    public void App_healthcheck_asks_ready_on_its_management_port(string component)
    {
        var project = ImageCatalogue.Services.Single(image => image.Component == component).Project;
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(project)!, "appsettings.json")))!;
        var managementPort = (int)settings["Hosting"]!["ManagementPort"]!;

        var test = string.Join(' ', Yaml.Sequence(Yaml.Mapping(ComposeFile.Service(component).GetValueOrDefault("healthcheck"), "healthcheck")["test"], "test").Cast<string>());

        Assert.Contains($"/dev/tcp/127.0.0.1/{managementPort} ", test, StringComparison.Ordinal);
        Assert.Contains("GET /ready ", test, StringComparison.Ordinal);
    }

    /// <summary>Secrets come from the developer's .env: a secret setting holds one required variable, never a literal or a default.</summary>
    [Fact]
    public void Secrets_come_only_from_required_environment_variables()
    {
        foreach (var (name, service) in ComposeFile.Services())
        {
            foreach (var (key, value) in ComposeFile.Environment(service))
            {
                if (SecretKey().IsMatch(key.Replace("_", "", StringComparison.Ordinal)))
                {
                    Assert.True(RequiredVariable().IsMatch(value), $"{name}: {key} is not set from a required variable (${{NAME:?message}}): {value}");
                }

                foreach (Match password in PasswordInConnectionString().Matches(value))
                {
                    Assert.True(password.Groups["value"].Value.StartsWith("${", StringComparison.Ordinal), $"{name}: {key} holds a password literal.");
                }

                Assert.DoesNotMatch(VariableWithDefault(), value);
            }
        }
    }

    /// <summary>Every variable the file reads is explained in .env.example, whose values appear nowhere in the file, and .env stays out of git and images.</summary>
    [Fact]
    public void Every_variable_is_in_env_example_and_env_is_never_committed_or_sent_to_docker()
    {
        var compose = File.ReadAllText(ComposeFile.PathOf("docker-compose.yml"));
        var example = File.ReadAllLines(ComposeFile.PathOf(".env.example"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.Ordinal);

        var used = Variable().Matches(compose).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.Equal(used.Order(StringComparer.Ordinal), example.Keys.Order(StringComparer.Ordinal));
        Assert.All(example, pair => Assert.DoesNotContain(pair.Value, compose, StringComparison.Ordinal));
        Assert.Contains(".env", File.ReadAllLines(ComposeFile.PathOf(".gitignore")).Select(line => line.Trim()));
        Assert.Contains(".env", File.ReadAllLines(ComposeFile.PathOf(".dockerignore")).Select(line => line.Trim()));
    }

    /// <summary>Prometheus in compose scrapes each app by its service name on the management port, with the alert rules loaded.</summary>
    [Fact]
    public Task Prometheus_compose_configuration_passes_promtool_check_config() =>
        Promtool.AssertSucceedsAsync("check", "config", "compose.yml");

    [Theory]
    [MemberData(nameof(Apps))]
    public void Prometheus_scrapes_the_app_by_its_service_name_on_its_management_port(string component)
    {
        var project = ImageCatalogue.Services.Single(image => image.Component == component).Project;
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(project)!, "appsettings.json")))!;
        var managementPort = (int)settings["Hosting"]!["ManagementPort"]!;
        var configuration = Yaml.LoadMapping(Path.Combine(Promtool.PrometheusFolder, "compose.yml"));

        var targets = Yaml.Sequence(configuration["scrape_configs"], "scrape_configs")
            .SelectMany(scrape => Yaml.Sequence(Yaml.Mapping(scrape, "scrape config")["static_configs"], "static_configs"))
            .Select(entry => Yaml.Mapping(entry, "static config"))
            .Where(entry => (string?)Yaml.Mapping(entry["labels"], "labels")["component"] == component)
            .SelectMany(entry => Yaml.Sequence(entry["targets"], "targets").Cast<string>())
            .ToList();

        Assert.Equal([$"{component}:{managementPort}"], targets);
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", Yaml.Sequence(ComposeFile.Service("prometheus")["volumes"], "volumes").Cast<string>());
    }

    [GeneratedRegex("(?i)(password|secret|signingkey|accesskey|token)")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^\$\{[A-Z0-9_]+:?\?[^}]*\}$")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"(?i)password=(?<value>[^;]*)")]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"\$\{[A-Z0-9_]+:?-")]
    private static partial Regex VariableWithDefault();

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)")]
    private static partial Regex Variable();
}
