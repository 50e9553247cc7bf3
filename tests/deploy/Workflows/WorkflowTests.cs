using System.Text.RegularExpressions;
using Ideation.Deploy.Tests.Images;

namespace Ideation.Deploy.Tests.Workflows;

/// <summary>
/// The GitHub Actions workflows: every action pinned to a full release tag, least privilege per job,
/// CI running the README's test command, the chart and every image; the release pushing every image
/// with its version and commit tags and the chart; deploy going through staging and smoke tests to
/// production behind its environment, and rolling back when the smoke tests fail.
/// </summary>
public sealed partial class WorkflowTests
{
    public static TheoryData<string> Workflows() => [.. Workflow.Names()];

    /// <summary>The images the platform ships: every Dockerfile of the repository, and the backup tool's.</summary>
    private static IReadOnlySet<(string Component, string Dockerfile)> ShippedImages() =>
        ImageCatalogue.Services.Select(image => (image.Component, image.Dockerfile))
            .Concat(ImageCatalogue.Dockerfiles().Select(path => (Path.GetFileName(Path.GetDirectoryName(path))!, path)))
            .Append(("backup", "services/backup/Dockerfile"))
            .ToHashSet();

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_parses_with_triggers_and_jobs(string name)
    {
        var workflow = Workflow.Load(name);

        Assert.NotEmpty(workflow.Triggers);
        Assert.NotEmpty(workflow.Jobs);
    }

    /// <summary>
    /// Full release tags (v4.2.2), never a moving major (v4) or branch: the code that runs is the code
    /// reviewed. One convention for every workflow; local reusable workflows are part of the repository.
    /// </summary>
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_to_a_full_release_tag(string name)
    {
        var uses = Workflow.Load(name).Jobs
            .SelectMany(job => job.Steps.Select(step => step.GetValueOrDefault("uses")).Append(job.Keys.GetValueOrDefault("uses")))
            .OfType<string>()
            .Where(action => !action.StartsWith("./", StringComparison.Ordinal))
            .ToList();

        Assert.All(uses, action => Assert.Matches(PinnedAction(), action));
    }

    /// <summary>The workflow grants nothing by default; each job names the permissions it needs.</summary>
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_names_its_own_permissions(string name)
    {
        var workflow = Workflow.Load(name);

        Assert.True(workflow.Keys.GetValueOrDefault("permissions") is Dictionary<string, object?> { Count: 0 },
            $"{name}: the workflow-level permissions are not empty ({{}}): jobs would inherit them.");
        foreach (var job in workflow.Jobs)
        {
            var permissions = job.Keys.GetValueOrDefault("permissions");
            Assert.True(permissions is Dictionary<string, object?>, $"{name}: job {job.Name} does not name its permissions.");
        }
    }

    /// <summary>Only the release writes (packages to GHCR, the GitHub release); CI and deploy read.</summary>
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Only_the_release_jobs_write(string name)
    {
        foreach (var job in Workflow.Load(name).Jobs)
        {
            var writes = Yaml.Mapping(job.Keys["permissions"], "permissions").Where(permission => (string?)permission.Value == "write").Select(permission => permission.Key).ToList();
            if (name == "release.yml")
            {
                Assert.Subset(new HashSet<string>(["contents", "packages"], StringComparer.Ordinal), writes.ToHashSet(StringComparer.Ordinal));
            }
            else
            {
                Assert.True(writes.Count == 0, $"{name}: job {job.Name} writes {string.Join(", ", writes)}.");
            }
        }
    }

    /// <summary>A job that runs on a runner stops at a time limit of its own, not GitHub's six hours.</summary>
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_on_a_runner_has_a_time_limit(string name)
    {
        foreach (var job in Workflow.Load(name).Jobs.Where(job => job.Keys.ContainsKey("runs-on")))
        {
            Assert.True(job.Keys.ContainsKey("timeout-minutes"), $"{name}: job {job.Name} has no timeout-minutes.");
        }
    }

    [Fact]
    public void CI_runs_the_test_command_on_every_push_to_main_and_every_pull_request()
    {
        var ci = Workflow.Load("ci.yml");

        Assert.Contains("pull_request", ci.Triggers.Keys);
        Assert.Contains("main", Yaml.Sequence(Yaml.Mapping(ci.Triggers["push"], "push")["branches"], "branches").Cast<string>());
        Assert.Contains(ci.Job("test").Steps, step => (step.GetValueOrDefault("run") as string)?.Trim() == "scripts/test.sh");
    }

    [Fact]
    public void CI_lints_renders_and_packages_the_chart_with_the_Chart_target()
    {
        Assert.Contains("dotnet cake --target=Chart", Workflow.Load("ci.yml").Job("chart").Script, StringComparison.Ordinal);
    }

    /// <summary>CI builds every image the release pushes, from the same Dockerfiles, so that a broken Dockerfile fails before a tag.</summary>
    [Theory]
    [InlineData("ci.yml", "images")]
    [InlineData("release.yml", "images")]
    public void Image_matrix_builds_every_image_from_its_Dockerfile(string workflow, string job)
    {
        var images = Workflow.Load(workflow).Job(job);
        var matrix = images.MatrixInclude.Select(entry => ((string)entry["component"]!, (string)entry["dockerfile"]!)).ToHashSet();

        Assert.Equal(ShippedImages().OrderBy(image => image.Component, StringComparer.Ordinal), matrix.OrderBy(image => image.Item1, StringComparer.Ordinal));
        Assert.All(matrix, image => Assert.True(File.Exists(Path.Combine(Ideation.Testing.RepositoryRoot.Path, image.Item2)), $"{workflow} builds {image.Item2}, which does not exist."));
        var build = images.Step(step => WorkflowJob.Uses(step, "docker/build-push-action"), "runs docker/build-push-action");
        var with = Yaml.Mapping(build["with"], "with");
        Assert.Equal(".", with["context"]);
        Assert.Equal("${{ matrix.dockerfile }}", with["file"]);
    }

    [Fact]
    public void Release_runs_on_version_tags_and_pushes_each_image_tagged_with_version_and_commit()
    {
        var release = Workflow.Load("release.yml");
        var tags = Yaml.Sequence(Yaml.Mapping(release.Triggers["push"], "push")["tags"], "tags").Cast<string>().ToList();
        var images = release.Job("images");
        var meta = Yaml.Mapping(images.Step(step => WorkflowJob.Uses(step, "docker/metadata-action"), "runs docker/metadata-action")["with"], "with");
        var build = Yaml.Mapping(images.Step(step => WorkflowJob.Uses(step, "docker/build-push-action"), "runs docker/build-push-action")["with"], "with");

        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.StartsWith("v", tag, StringComparison.Ordinal));
        Assert.Equal("ghcr.io/${{ github.repository_owner }}/ideation-${{ matrix.component }}", meta["images"]);
        var imageTags = ((string)meta["tags"]!).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("type=semver,pattern={{version}}", imageTags);
        Assert.Contains("type=sha,prefix=sha-,format=short", imageTags);
        Assert.Equal("true", build["push"]);
        Assert.Equal("${{ steps.meta.outputs.tags }}", build["tags"]);
        Assert.Equal("${{ steps.meta.outputs.labels }}", build["labels"]);
        Assert.Contains(images.Steps, step => WorkflowJob.Uses(step, "docker/login-action") && (string?)Yaml.Mapping(step["with"], "with")["registry"] == "ghcr.io");
    }

    [Fact]
    public void Release_packages_the_chart_with_the_tag_version_once_the_images_are_pushed()
    {
        var chart = Workflow.Load("release.yml").Job("chart");

        Assert.Contains("images", chart.Needs);
        Assert.Contains("dotnet cake --target=Chart --chart-version=\"$version\"", chart.Script, StringComparison.Ordinal);
        Assert.Contains("push \"artifacts/charts/ideation-$VERSION.tgz\" \"oci://ghcr.io/", chart.Script, StringComparison.Ordinal);
        Assert.Contains("gh release create", chart.Script, StringComparison.Ordinal);
    }

    /// <summary>Staging first; production only after staging succeeded, and only through the environment whose reviewers approve it.</summary>
    [Fact]
    public void Deploy_goes_to_staging_then_to_production_behind_its_environment()
    {
        var deploy = Workflow.Load("deploy.yml");
        var staging = deploy.Job("staging");
        var production = deploy.Job("production");
        var environmentJob = Workflow.Load("deploy-environment.yml").Job("deploy");

        Assert.Contains("workflow_dispatch", deploy.Triggers.Keys);
        Assert.Equal(["release"], Yaml.Sequence(Yaml.Mapping(deploy.Triggers["workflow_run"], "workflow_run")["workflows"], "workflows").Cast<string>());
        Assert.Equal("staging", Yaml.Mapping(staging.Keys["with"], "with")["environment"]);
        Assert.Equal("production", Yaml.Mapping(production.Keys["with"], "with")["environment"]);
        Assert.Contains("staging", production.Needs);
        Assert.Equal("./.github/workflows/deploy-environment.yml", production.Keys["uses"]);
        Assert.Equal("${{ inputs.environment }}", Yaml.Mapping(environmentJob.Keys["environment"], "environment")["name"]);
    }

    /// <summary>
    /// helm upgrade --install --atomic --wait --timeout: a failed upgrade (hooks included) is undone by
    /// Helm; smoke tests then call the gateway's /health and, with a token from a secret, the API; when
    /// they fail after a successful upgrade, helm rollback returns to the revision that ran before.
    /// </summary>
    [Fact]
    public void Deploy_upgrades_atomically_smoke_tests_and_rolls_back_on_failure()
    {
        var job = Workflow.Load("deploy-environment.yml").Job("deploy");
        var upgrade = job.Step(step => step.GetValueOrDefault("id") as string == "upgrade", "has the id upgrade");
        var smoke = job.Step(step => (step.GetValueOrDefault("name") as string) == "Smoke tests", "is named Smoke tests");
        var rollback = job.Step(step => (step.GetValueOrDefault("run") as string)?.Contains("rollback", StringComparison.Ordinal) == true, "runs helm rollback");

        var upgradeScript = (string)upgrade["run"]!;
        Assert.Contains("upgrade --install", upgradeScript, StringComparison.Ordinal);
        Assert.Contains("--atomic", upgradeScript, StringComparison.Ordinal);
        Assert.Contains("--wait", upgradeScript, StringComparison.Ordinal);
        Assert.Matches(@"--timeout \d+m", upgradeScript);
        Assert.Contains("values-${{ inputs.environment }}.yaml", upgradeScript, StringComparison.Ordinal);
        Assert.Contains("--set image.tag=\"$VERSION\"", upgradeScript, StringComparison.Ordinal);

        var smokeScript = (string)smoke["run"]!;
        Assert.Contains("\"$IDEATION_URL/health\"", smokeScript, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer $SMOKE_TEST_TOKEN", smokeScript, StringComparison.Ordinal);
        Assert.Equal("${{ secrets.SMOKE_TEST_TOKEN }}", Yaml.Mapping(smoke["env"], "env")["SMOKE_TEST_TOKEN"]);

        Assert.Equal("failure() && steps.upgrade.outcome == 'success'", rollback["if"]);
        Assert.Contains("rollback \"$RELEASE\" \"$PREVIOUS\"", (string)rollback["run"]!, StringComparison.Ordinal);
        var steps = job.Steps.ToList();
        Assert.True(steps.IndexOf(upgrade) < steps.IndexOf(smoke) && steps.IndexOf(smoke) < steps.IndexOf(rollback), "upgrade, smoke tests and rollback run in that order.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@v\d+\.\d+\.\d+$")]
    private static partial Regex PinnedAction();
}
