using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>A pod template of a rendered workload (Deployment, Job, CronJob) and the object it belongs to.</summary>
public sealed record PodSpec(Manifest Owner, JsonObject Template)
{
    public JsonObject Spec => (JsonObject)Template["spec"]!;

    public IReadOnlyDictionary<string, string> Labels =>
        (Template["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(pair => pair.Key, pair => (string)pair.Value!);

    /// <summary>Init containers (sidecars among them) and containers, with which they are.</summary>
    public IEnumerable<Container> Containers() =>
        Items("initContainers").Select(container => new Container(this, container, IsInit: true))
            .Concat(Items("containers").Select(container => new Container(this, container, IsInit: false)));

    public bool IsJob => Owner.Kind is "Job" or "CronJob";

    private IEnumerable<JsonObject> Items(string field) => (Spec[field] as JsonArray ?? []).OfType<JsonObject>();
}

public sealed record Container(PodSpec Pod, JsonObject Body, bool IsInit)
{
    public string Name => (string)Body["name"]!;

    /// <summary>A native sidecar: an init container that keeps running beside the containers.</summary>
    public bool IsSidecar => IsInit && (string?)Body["restartPolicy"] == "Always";

    public IEnumerable<JsonObject> Env() => (Body["env"] as JsonArray ?? []).OfType<JsonObject>();

    public override string ToString() => $"{Pod.Owner}/{Name}";
}

public static class PodSpecs
{
    public static IEnumerable<PodSpec> All(Manifests manifests) => manifests.All.Select(Of).OfType<PodSpec>();

    public static PodSpec? Of(Manifest manifest) => manifest.Kind switch
    {
        "Deployment" or "Job" => new PodSpec(manifest, (JsonObject)manifest.Spec!["template"]!),
        "CronJob" => new PodSpec(manifest, (JsonObject)manifest.Spec!["jobTemplate"]!["spec"]!["template"]!),
        _ => null,
    };
}
