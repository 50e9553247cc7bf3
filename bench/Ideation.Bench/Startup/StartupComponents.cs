using Ideation.Bench.Harness;
using Ideation.Bench.Proxy;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Startup;

/// <summary>
/// The four programs with production-like settings: the PostgreSQL, Redis, S3 server and clamd of a
/// running local stack (bench/start-stack.sh), and that stack's ideas and documents as the services
/// they call. Each listens on ports of the bench's own range, so a stack and tests may run beside it.
/// </summary>
internal static class StartupComponents
{
    private const int FirstPort = 19100;

    public static IReadOnlyList<StartedComponent> All(LocalStack stack, DevCertificate certificate)
    {
        var servers = new BackingServers(stack);
        string Local(string process) => $"http://127.0.0.1:{stack.Process(process).Port}";
        var s3 = stack.S3ServiceUrl;
        IEnumerable<string> Storage(string section) =>
        [
            $"--{section}:ServiceUrl={s3}",
            $"--{section}:ForcePathStyle=true",
            $"--{section}:AccessKey={stack.S3AccessKey}",
            $"--{section}:SecretKey={stack.S3SecretKey}",
        ];
        IEnumerable<string> Ports(int service, int management) =>
            ["--Hosting:BindAddress=127.0.0.1", $"--Hosting:ServicePort={service}", $"--Hosting:ManagementPort={management}"];
        Uri Ready(int management) => new($"http://127.0.0.1:{management}/ready");

        return
        [
            new("ideas", "services/ideas/src", "Ideation.Ideas.dll",
                [.. Ports(FirstPort + 1, FirstPort + 2), .. servers.IdeasArguments],
                [Ready(FirstPort + 2)]),
            new("documents", "services/documents/src", "Ideation.Documents.dll",
                [
                    .. Ports(FirstPort + 11, FirstPort + 12),
                    $"--ConnectionStrings:Documents=Host=127.0.0.1;Port={stack.Process("postgres").Port};Username=postgres;Database=documents",
                    .. Storage("Documents:Storage"),
                    $"--Documents:Ideas:Address={Local("ideas")}",
                    $"--Documents:Redis:Configuration={servers.Redis}",
                    .. servers.AuthArguments,
                ],
                [Ready(FirstPort + 12)]),
            new("scanner", "services/scanner/src", "Ideation.Scanner.dll",
                [
                    .. Ports(FirstPort + 21, FirstPort + 22),
                    .. Storage("Scanner:Storage"),
                    $"--Scanner:Documents:Address={Local("documents")}",
                    $"--Scanner:Clamd:Endpoints:0=127.0.0.1:{stack.ClamdPort}",
                    $"--Scanner:Redis:Configuration={servers.Redis}",
                    .. servers.AuthArguments,
                ],
                [Ready(FirstPort + 22)]),
            new("gateway", "gateway/src", "Ideation.Gateway.dll",
                [
                    "--Hosting:BindAddress=127.0.0.1",
                    $"--Hosting:ManagementPort={FirstPort + 32}",
                    $"--Gateway:HttpsPort={FirstPort + 31}",
                    $"--Gateway:HttpPort={FirstPort + 33}",
                    $"--Gateway:CertificatePath={certificate.CertificatePath}",
                    $"--Gateway:CertificateKeyPath={certificate.KeyPath}",
                    $"--ReverseProxy:Clusters:ideas:Destinations:ideas:Address={Local("ideas")}",
                    $"--ReverseProxy:Clusters:documents:Destinations:documents:Address={Local("documents")}",
                    .. servers.AuthArguments,
                ],
                [Ready(FirstPort + 32), new($"https://127.0.0.1:{FirstPort + 31}/health")]),
        ];
    }
}
