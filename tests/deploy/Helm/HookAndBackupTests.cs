using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>Migrations run before each install and upgrade with what they need; backups run hourly.</summary>
public sealed class HookAndBackupTests
{
    private const string HookDeletePolicy = "before-hook-creation,hook-succeeded";

    [Theory]
    [InlineData("ideas", "ConnectionStrings__Ideas", "ideas-database")]
    [InlineData("documents", "ConnectionStrings__Documents", "documents-database")]
    public async Task Each_database_is_migrated_by_a_pre_install_and_pre_upgrade_job_running_migrate(string service, string variable, string key)
    {
        var manifests = await RenderedChart.ManifestsAsync(ChartValues.Production);
        var job = manifests.Single("Job", $"ideation-migrate-{service}");
        var container = PodSpecs.Of(job)!.Containers().Single();

        Assert.Equal("pre-install,pre-upgrade", Annotation(job, "helm.sh/hook"));
        Assert.Equal(HookDeletePolicy, Annotation(job, "helm.sh/hook-delete-policy"));
        Assert.Matches($"^ghcr.io/[^/]+/ideation-{service}:[^:/]+$", (string?)container.Body["image"]);
        Assert.Equal(["migrate"], container.Body["args"]!.AsArray().Select(argument => (string?)argument));
        var env = Assert.Single(container.Env());
        Assert.Equal(variable, (string?)env["name"]);
        Assert.Equal(key, (string?)env["valueFrom"]!["secretKeyRef"]!["key"]);
    }

    /// <summary>Hooks run before the release's own objects exist: what the Jobs use must be hooks of a lower weight.</summary>
    [Theory]
    [MemberData(nameof(ChartTests.ValueSets), MemberType = typeof(ChartTests))]
    public async Task What_the_migration_jobs_use_exists_before_them(ChartValues values)
    {
        var manifests = await RenderedChart.ManifestsAsync(values);
        var hooks = manifests.All.Where(manifest => Annotation(manifest, "helm.sh/hook") is not null).ToList();

        foreach (var job in manifests.OfKind("Job"))
        {
            var weight = int.Parse(Annotation(job, "helm.sh/hook-weight")!, System.Globalization.CultureInfo.InvariantCulture);
            var pod = PodSpecs.Of(job)!;
            var account = hooks.Single(hook => hook.Kind == "ServiceAccount" && hook.Name == (string?)pod.Spec["serviceAccountName"]);
            Assert.True(int.Parse(Annotation(account, "helm.sh/hook-weight")!, System.Globalization.CultureInfo.InvariantCulture) < weight);
            Assert.Equal(HookDeletePolicy, Annotation(account, "helm.sh/hook-delete-policy"));

            var secretName = (string)pod.Containers().Single().Env().Single()["valueFrom"]!["secretKeyRef"]!["name"]!;
            var secret = hooks.SingleOrDefault(hook => hook.Kind == "Secret" && hook.Name == secretName);
            if (secret is null)
            {
                // Only an operator's Secret may be used without being a hook: it exists before the release.
                Assert.DoesNotContain(manifests.OfKind("Secret"), rendered => rendered.Name == secretName);
                Assert.Equal(ChartValues.Staging, values);
            }
            else
            {
                Assert.True(int.Parse(Annotation(secret, "helm.sh/hook-weight")!, System.Globalization.CultureInfo.InvariantCulture) < weight);
                Assert.Equal(HookDeletePolicy, Annotation(secret, "helm.sh/hook-delete-policy"));
            }
        }
    }

    [Fact]
    public async Task Backups_dump_the_databases_hourly_then_sync_the_objects()
    {
        var cronJob = (await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("CronJob", "ideation-backup");
        var containers = PodSpecs.Of(cronJob)!.Containers().ToList();

        Assert.Matches(@"^\d+ \* \* \* \*$", (string?)cronJob.Spec!["schedule"]);
        Assert.Equal("Forbid", (string?)cronJob.Spec!["concurrencyPolicy"]);
        Assert.Equal(["init backup-database", "sync-objects"], containers.Select(container => $"{(container.IsInit ? "init " : "")}{Args(container)}"));
        Assert.All(containers, container => Assert.Matches("^ghcr.io/[^/]+/ideation-backup:[^:/]+$", (string?)container.Body["image"]));
    }

    /// <summary>Production's buckets are versioned and replicated: the backup only dumps the databases.</summary>
    [Fact]
    public async Task Production_backups_dump_the_databases_without_copying_objects()
    {
        var manifests = await RenderedChart.ManifestsAsync(ChartValues.Production);
        var containers = PodSpecs.Of(manifests.Single("CronJob", "ideation-backup"))!.Containers().ToList();
        var config = (JsonObject)manifests.Single("ConfigMap", "ideation-backup").Body["data"]!;

        Assert.Equal(["backup-database"], containers.Select(Args));
        Assert.Equal("given-backup-bucket", (string?)config["Backup__Bucket"]);
        Assert.Equal("72", (string?)config["Backup__Keep"]);
        Assert.DoesNotContain(config, pair => pair.Key.StartsWith("Backup__Objects__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_object_sync_copies_both_document_buckets()
    {
        var config = (JsonObject)(await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("ConfigMap", "ideation-backup").Body["data"]!;

        Assert.Equal("ideation-documents", (string?)config["Backup__Objects__SourceBuckets__0"]);
        Assert.Equal("ideation-quarantine", (string?)config["Backup__Objects__SourceBuckets__1"]);
    }

    /// <summary>
    /// A backup bucket on another store than the documents' buckets: the tool must be told where the
    /// source buckets are, with the documents' credentials, or it would look for them on the backup store.
    /// </summary>
    [Fact]
    public async Task Syncing_to_another_store_tells_the_tool_where_the_source_buckets_are()
    {
        var separate = Manifests.Parse(await RenderedChart.TemplateAsync(["--set", "backup.storage.serviceUrl=https://backups.example.test"]));
        var config = (JsonObject)separate.Single("ConfigMap", "ideation-backup").Body["data"]!;
        var variables = PodSpecs.Of(separate.Single("CronJob", "ideation-backup"))!.Containers()
            .Single(container => Args(container) == "sync-objects").Body["env"]!.AsArray()
            .Select(variable => (string?)variable!["name"]).ToList();

        Assert.Equal("https://backups.example.test", (string?)config["Backup__Storage__ServiceUrl"]);
        Assert.False(string.IsNullOrEmpty((string?)config["Backup__Objects__SourceStorage__ServiceUrl"]));
        Assert.NotEqual("https://backups.example.test", (string?)config["Backup__Objects__SourceStorage__ServiceUrl"]);
        Assert.Contains("Backup__Objects__SourceStorage__AccessKey", variables);
        Assert.Contains("Backup__Objects__SourceStorage__SecretKey", variables);

        // On the same store the copies stay server side: no source store is configured.
        var same = (JsonObject)(await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("ConfigMap", "ideation-backup").Body["data"]!;
        Assert.DoesNotContain(same, pair => pair.Key.StartsWith("Backup__Objects__SourceStorage__", StringComparison.Ordinal));
    }

    private static string Args(Container container) => string.Join(' ', container.Body["args"]!.AsArray().Select(argument => (string?)argument));

    private static string? Annotation(Manifest manifest, string name) => (string?)manifest.Body["metadata"]!["annotations"]?[name];
}
