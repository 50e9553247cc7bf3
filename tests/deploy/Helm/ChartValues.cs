namespace Ideation.Deploy.Tests.Helm;

/// <summary>The value sets the chart ships, as helm arguments: defaults, staging, and production with what it requires.</summary>
public enum ChartValues
{
    Default,
    Staging,
    Production,
}

internal static class ChartValuesArguments
{
    public const string ReleaseName = "ideation";
    public const string Namespace = "ideation";

    /// <summary>
    /// What production requires, given on the command line as an operator would. Every credential is
    /// recognisable, so a test can tell them from anything the chart itself might have supplied.
    /// --set-json, because connection strings hold the commas and equals signs --set splits on.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ProductionRequired = new Dictionary<string, string>
    {
        ["auth.issuer"] = "https://identity.production.test",
        ["secrets.authSigningKey"] = "given-on-the-command-line-signing-key-0123456789",
        ["secrets.ideasDatabase"] = "Host=ideas-db.production.test;Database=ideas;Username=ideas;Password=given-ideas-password;SSL Mode=Require",
        ["secrets.documentsDatabase"] = "Host=documents-db.production.test;Database=documents;Username=documents;Password=given-documents-password;SSL Mode=Require",
        ["secrets.redis"] = "redis.production.test:6379,password=given-redis-password,ssl=true",
        ["storage.documentsBucket"] = "given-documents-bucket",
        ["storage.quarantineBucket"] = "given-quarantine-bucket",
        ["backup.bucket"] = "given-backup-bucket",
    };

    /// <summary>The values files of a value set, then its command-line values.</summary>
    public static IEnumerable<string> For(ChartValues values) => values switch
    {
        ChartValues.Default => [],
        ChartValues.Staging => ["--values", "values-staging.yaml"],
        ChartValues.Production => ProductionWithout(),
        _ => throw new ArgumentOutOfRangeException(nameof(values)),
    };

    /// <summary>Production's values file and its required values but <paramref name="omitted"/>.</summary>
    public static IEnumerable<string> ProductionWithout(params string[] omitted)
    {
        yield return "--values";
        yield return "values-production.yaml";
        foreach (var (key, value) in ProductionRequired.Where(pair => !omitted.Contains(pair.Key)))
        {
            yield return "--set-json";
            yield return $"{key}={System.Text.Json.JsonSerializer.Serialize(value)}";
        }
    }

    /// <summary>helm template of the chart with <paramref name="values"/> and any further arguments.</summary>
    public static IEnumerable<string> Template(IEnumerable<string> values) =>
        ["template", ReleaseName, ".", "--namespace", Namespace, .. values];
}
