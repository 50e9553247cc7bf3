using System.Text;
using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>Production's credentials come from the operator, never from the chart.</summary>
public sealed class SecretTests
{
    /// <summary>
    /// Every credential in a Secret rendered from production values is one the operator gave on the
    /// command line: nothing from values.yaml's development defaults, nothing the chart invented.
    /// </summary>
    [Fact]
    public async Task No_secret_rendered_from_production_values_holds_a_default_credential()
    {
        var manifests = await RenderedChart.ManifestsAsync(ChartValues.Production);
        var given = ChartValuesArguments.ProductionRequired.Values.ToHashSet();

        var secrets = manifests.OfKind("Secret").ToList();
        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            var values = Values(secret).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, pair => Assert.True(given.Contains(pair.Value), $"{secret} {pair.Key} holds a value nobody gave: {pair.Value}"));
        }
    }

    /// <summary>The test above can fail: the default values' Secret is full of development credentials.</summary>
    [Fact]
    public async Task The_default_values_secret_holds_development_credentials_production_must_replace()
    {
        var secret = (await RenderedChart.ManifestsAsync(ChartValues.Default)).Single("Secret", "ideation");
        var given = ChartValuesArguments.ProductionRequired.Values.ToHashSet();

        Assert.Contains(Values(secret), pair => !given.Contains(pair.Value));
    }

    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_is_refused()
    {
        var result = await Helm.RunAsync(ChartValuesArguments.Template(["--set", "secrets.authSigningKey=too-short"]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("secrets.authSigningKey must be at least 32 bytes", result.StandardError);
    }

    private static IEnumerable<KeyValuePair<string, string>> Values(Manifest secret)
    {
        foreach (var (key, value) in secret.Body["stringData"] as JsonObject ?? [])
        {
            yield return KeyValuePair.Create(key, (string)value!);
        }

        foreach (var (key, value) in secret.Body["data"] as JsonObject ?? [])
        {
            yield return KeyValuePair.Create(key, Encoding.UTF8.GetString(Convert.FromBase64String((string)value!)));
        }
    }
}
