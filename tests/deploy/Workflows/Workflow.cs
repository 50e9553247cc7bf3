using Ideation.Testing;

namespace Ideation.Deploy.Tests.Workflows;

/// <summary>A job of a GitHub Actions workflow: its own keys, and its steps (none for a reusable-workflow call).</summary>
internal sealed record WorkflowJob(string Workflow, string Name, Dictionary<string, object?> Keys)
{
    public IReadOnlyList<Dictionary<string, object?>> Steps =>
        Keys.GetValueOrDefault("steps") is List<object?> steps ? [.. steps.Select(step => Yaml.Mapping(step, $"{Workflow} {Name} step"))] : [];

    /// <summary>The shell of every run step, joined: what the job executes.</summary>
    public string Script => string.Join('\n', Steps.Select(step => step.GetValueOrDefault("run") as string).OfType<string>());

    public IEnumerable<string> Needs => Keys.GetValueOrDefault("needs") switch
    {
        string single => [single],
        List<object?> many => many.Cast<string>(),
        _ => [],
    };

    /// <summary>The matrix's include entries (component, dockerfile, ...).</summary>
    public IReadOnlyList<Dictionary<string, object?>> MatrixInclude =>
        Keys.GetValueOrDefault("strategy") is Dictionary<string, object?> strategy
        && strategy.GetValueOrDefault("matrix") is Dictionary<string, object?> matrix
        && matrix.GetValueOrDefault("include") is List<object?> include
            ? [.. include.Select(entry => Yaml.Mapping(entry, $"{Workflow} {Name} matrix entry"))]
            : [];

    public Dictionary<string, object?> Step(Func<Dictionary<string, object?>, bool> predicate, string what) =>
        Steps.SingleOrDefault(predicate) ?? throw new Xunit.Sdk.XunitException($"{Workflow} job {Name} has no step that {what}.");

    public static bool Uses(Dictionary<string, object?> step, string action) =>
        step.GetValueOrDefault("uses") is string uses && uses.StartsWith(action + "@", StringComparison.Ordinal);
}

/// <summary>A workflow file of .github/workflows, read as GitHub reads it.</summary>
internal sealed class Workflow
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, ".github", "workflows");

    private Workflow(string name, Dictionary<string, object?> keys)
    {
        Name = name;
        Keys = keys;
    }

    /// <summary>The file name (ci.yml).</summary>
    public string Name { get; }

    public Dictionary<string, object?> Keys { get; }

    public Dictionary<string, object?> Triggers => Keys.GetValueOrDefault("on") switch
    {
        Dictionary<string, object?> mapping => mapping,
        string single => new() { [single] = null },
        List<object?> many => many.Cast<string>().ToDictionary(name => name, _ => (object?)null),
        _ => throw new Xunit.Sdk.XunitException($"{Name} has no trigger (on:)."),
    };

    public IReadOnlyList<WorkflowJob> Jobs =>
        [.. Yaml.Mapping(Keys.GetValueOrDefault("jobs"), $"{Name} jobs").Select(job => new WorkflowJob(Name, job.Key, Yaml.Mapping(job.Value, $"{Name} job {job.Key}")))];

    public WorkflowJob Job(string name) =>
        Jobs.SingleOrDefault(job => job.Name == name) ?? throw new Xunit.Sdk.XunitException($"{Name} has no job {name}.");

    public static IReadOnlyList<string> Names() =>
        [.. Directory.GetFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(name => name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    public static Workflow Load(string name) => new(name, Yaml.LoadMapping(Path.Combine(Folder, name)));
}
