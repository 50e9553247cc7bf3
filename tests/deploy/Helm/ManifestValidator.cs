using System.Diagnostics;
using Ideation.Testing;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>tools/validate-manifests.js: every document's type checked against the Kubernetes API's schemas (kubernetes-models).</summary>
internal static class ManifestValidator
{
    public static async Task<ProcessResult> ValidateAsync(string yaml)
    {
        var tools = Path.Combine(RepositoryRoot.Path, "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "kubernetes-models")))
        {
            throw new InvalidOperationException("tools/node_modules lacks kubernetes-models: run `npm ci` in tools/ (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = tools };
        start.ArgumentList.Add("validate-manifests.js");
        return await ProcessResult.RunAsync(start, yaml);
    }
}
