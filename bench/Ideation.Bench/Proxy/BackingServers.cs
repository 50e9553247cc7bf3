using Ideation.Bench.Stack;

namespace Ideation.Bench.Proxy;

/// <summary>
/// What the processes the bench starts itself connect to: the PostgreSQL (migrated) and Redis of a
/// running local stack (bench/start-stack.sh, which follows IDEATION_PORT_OFFSET), and the platform's
/// development token settings.
/// </summary>
internal sealed class BackingServers(LocalStack stack)
{
    public LocalStack Stack => stack;

    public string IdeasConnectionString => $"Host=127.0.0.1;Port={stack.Process("postgres").Port};Username=postgres;Database=ideation";

    public string Redis => $"127.0.0.1:{stack.Process("redis").Port}";

    /// <summary>The token settings every process validates with, as command-line settings.</summary>
    public IEnumerable<string> AuthArguments =>
    [
        $"--Auth:Issuer={stack.Tokens.Issuer}",
        $"--Auth:Audience={stack.Tokens.Audience}",
        $"--Auth:SigningKey={stack.Tokens.SigningKey}",
    ];

    /// <summary>The settings a process of the ideas service needs in Production, beside its ports.</summary>
    public IEnumerable<string> IdeasArguments =>
    [
        "--Hosting:BindAddress=127.0.0.1",
        $"--ConnectionStrings:Ideas={IdeasConnectionString}",
        $"--Ideas:Events:Redis={Redis}",
        .. AuthArguments,
    ];

    /// <summary>Containers run in Production: no developer exception pages, JSON logs, no appsettings.Development.json.</summary>
    public static IReadOnlyDictionary<string, string?> Production { get; } = new Dictionary<string, string?>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = null,
        // A developer's shell may point at a collector; the measured processes export nothing.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = null,
    };

    /// <summary>Waits until Redis and PostgreSQL of the stack accept connections, with a clear message when no stack runs.</summary>
    public void EnsureRunning()
    {
        foreach (var name in (string[])["postgres", "redis"])
        {
            var process = stack.Process(name);
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect("127.0.0.1", process.Port);
            }
            catch (System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException(
                    $"Nothing listens on {name}'s port {process.Port}: start bench/start-stack.sh (with the same IDEATION_PORT_OFFSET) first.");
            }
        }
    }
}
