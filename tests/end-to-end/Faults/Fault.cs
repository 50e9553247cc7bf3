namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// One part of the platform that a fault kills with SIGKILL and brings back on the same port and data
/// folder, and the processes whose readiness must turn false meanwhile: the killed process itself,
/// or the services that cannot serve without the killed dependency (docs/reliability.md). Every other
/// process must stay ready throughout.
/// </summary>
public sealed record Fault(string Name, Action Kill, Func<Task> Restart, IReadOnlyList<string> NotReady)
{
    /// <summary>Every fault of the matrix, by name.</summary>
    public static readonly IReadOnlyList<string> Names = ["ideas", "documents", "scanner", "gateway", "redis", "postgresql", "clamd", "s3"];

    public static Fault Of(Platform platform, string name) => name switch
    {
        "ideas" => Process(platform.Ideas),
        "documents" => Process(platform.Documents),
        "scanner" => Process(platform.Scanner),
        "gateway" => Process(platform.Gateway),
        // Nobody needs Redis to serve: scan jobs and idea events wait in the outboxes.
        "redis" => new(name, platform.Redis.Kill, platform.Redis.StartAgainAsync, []),
        "postgresql" => new(name, Postgres(platform).Kill, Postgres(platform).StartAgainAsync, ["ideas", "documents"]),
        // Only the scanner needs clamd; uploads keep being accepted and wait for it.
        "clamd" => new(name, platform.Clamd.Kill, platform.Clamd.StartAgainAsync, ["scanner"]),
        "s3" => new(name, platform.S3.Kill, platform.S3.StartAgainAsync, ["documents"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a fault of the matrix"),
    };

    private static Fault Process(ServiceProcess process) => new(process.Name, process.Kill, process.StartAsync, [process.Name]);

    private static Ideation.Testing.LocalPostgres Postgres(Platform platform) =>
        platform.Postgres ?? throw new InvalidOperationException("Killing PostgreSQL needs a platform with its own server (FaultPlatform).");
}
