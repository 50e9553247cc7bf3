using Ideation.ServiceDefaults.Identity;

namespace Ideation.Bench.Stack;

/// <summary>
/// Where the local run started by <c>scripts/start.sh</c> listens and keeps its files. The bench
/// measures that stack as a user gets it; these values are the ones the start command prints.
/// </summary>
public sealed record LocalStack
{
    /// <summary>scripts/start.sh moves every port by IDEATION_PORT_OFFSET; the bench follows it.</summary>
    public static int PortOffset { get; } = int.TryParse(Environment.GetEnvironmentVariable("IDEATION_PORT_OFFSET"), out var offset) ? offset : 0;

    public string StateDirectory { get; init; } = Environment.GetEnvironmentVariable("IDEATION_STATE_DIR") ?? "/tmp/ideation-local";

    public Uri Gateway { get; init; } = new($"https://localhost:{8443 + PortOffset}");

    /// <summary>The self-signed certificate the gateway serves: the only one the bench trusts.</summary>
    public string GatewayCertificate => Path.Combine(StateDirectory, "certs", "gateway.crt");


    /// <summary>Documents' Prometheus metrics, on its management port.</summary>
    public Uri DocumentsMetrics { get; init; } = new($"http://127.0.0.1:{9102 + PortOffset}/metrics");

    /// <summary>The stack's scanner's Prometheus metrics (the scaling scenario starts more scanners, on ports of its own).</summary>
    public Uri ScannerMetrics { get; init; } = new($"http://127.0.0.1:{9103 + PortOffset}/metrics");

    /// <summary>Where the stack's services and servers listen, for starting more scanners like the stack's.</summary>
    public int DocumentsPort { get; init; } = 5102 + PortOffset;

    public int RedisPort { get; init; } = 55379 + PortOffset;

    public Uri GatewayMetrics { get; init; } = new($"http://127.0.0.1:{9080 + PortOffset}/metrics");

    public string S3ServiceUrl { get; init; } = $"http://127.0.0.1:{55569 + PortOffset}";

    /// <summary>s3rver accepts any key pair; these are the ones the services use.</summary>
    public string S3AccessKey { get; init; } = "S3RVER";

    public string S3SecretKey { get; init; } = "S3RVER";

    public int ClamdPort { get; init; } = 55310 + PortOffset;

    /// <summary>The development token settings from the README: any client may mint its own token with them.</summary>
    public TokenOptions Tokens { get; init; } = new()
    {
        Issuer = "https://identity.ideation.local",
        Audience = "ideation-api",
        SigningKey = "ideation-development-signing-key-change-me-0123456789",
    };

    /// <summary>The processes whose CPU time and memory the bench reads, each found by the port it listens on.</summary>
    public IReadOnlyList<StackProcess> Processes { get; init; } =
    [
        new("gateway", 8443 + PortOffset, "Ideation.Gateway.dll"),
        new("ideas", 5101 + PortOffset, "Ideation.Ideas.dll"),
        new("documents", 5102 + PortOffset, "Ideation.Documents.dll"),
        new("scanner", 5103 + PortOffset, "Ideation.Scanner.dll"),
        new("postgres", 55432 + PortOffset, "postgres"),
        new("redis", 55379 + PortOffset, "redis-server"),
        new("s3rver", 55569 + PortOffset, "s3-server.js"),
        new("clamd", 55310 + PortOffset, "clamd"),
    ];

    public StackProcess Process(string name) => Processes.Single(process => process.Name == name);
}

/// <param name="Name">How tables name it.</param>
/// <param name="Port">A port only this process listens on: other copies of the same program (test runs) use other ports.</param>
/// <param name="CommandLineMark">Text its command line must contain, to catch a port taken by something else.</param>
public sealed record StackProcess(string Name, int Port, string CommandLineMark);
