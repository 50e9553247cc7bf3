
namespace Ideation.Bench.Startup;

/// <summary>
/// One program of the platform as a container starts it: <c>dotnet X.dll</c> from its Release build,
/// in Production, with the settings that point it at real backing servers, and the URLs that must
/// answer 200 before it counts as ready (a Kubernetes readiness probe, and for the gateway its HTTPS
/// /health too, what its load balancer checks).
/// </summary>
internal sealed record StartedComponent(
    string Name,
    string ProjectDirectory,
    string Assembly,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<Uri> ReadyWhen);
