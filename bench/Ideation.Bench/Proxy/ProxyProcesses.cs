using System.Net.Sockets;
using Ideation.Bench.Harness;

namespace Ideation.Bench.Proxy;

/// <summary>
/// Starts each process under test on the proxy core (taskset -c 0), each from its first instruction,
/// and waits until it serves: the gateway and nginx and HAProxy in front of the bench's ideas service,
/// and the ideas service with Microsoft's in-process JSON transcoding.
/// </summary>
internal sealed class ProxyProcesses(BackingServers servers, DevCertificate certificate, string scratch)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private static readonly string Backend = $"127.0.0.1:{ProxyPorts.Backend}";

    /// <summary>
    /// The gateway as production runs it (Production environment: JSON access log at Information,
    /// token validation, routing, metrics), with only the settings it needs: ports, certificate,
    /// token settings and where the services are. The plain-HTTP redirect listener is off.
    /// </summary>
    public async Task<ProxyUnderTest> StartGatewayAsync(string binDirectory)
    {
        var process = PinnedProcess.Start("gateway", ProxySettings.ProxyCore, "dotnet",
            [
                "Ideation.Gateway.dll",
                "--Hosting:BindAddress=127.0.0.1",
                $"--Hosting:ManagementPort={ProxyPorts.GatewayManagement}",
                $"--Gateway:HttpsPort={ProxyPorts.Gateway}",
                "--Gateway:HttpPort=0",
                // The load comes from one address: limits (local, no Redis here) that never refuse it.
                "--Gateway:RateLimits:PerClientAddress:RequestsPerSecond=1000000",
                "--Gateway:RateLimits:PerClientAddress:Burst=1000000",
                "--Gateway:RateLimits:PerUser:RequestsPerSecond=1000000",
                "--Gateway:RateLimits:PerUser:Burst=1000000",
                $"--Gateway:CertificatePath={certificate.CertificatePath}",
                $"--Gateway:CertificateKeyPath={certificate.KeyPath}",
                $"--ReverseProxy:Clusters:ideas:Destinations:ideas:Address=http://{Backend}",
                // Not measured: the stack's documents service, so that the gateway's readiness is whole.
                $"--ReverseProxy:Clusters:documents:Destinations:documents:Address=http://127.0.0.1:{servers.Stack.Process("documents").Port}",
                .. servers.AuthArguments,
            ],
            Path.Combine(scratch, "gateway.log"), binDirectory, BackingServers.Production);
        using var http = new HttpClient();
        await process.WaitUntilReadyAsync(
            async () => (await http.GetAsync($"http://127.0.0.1:{ProxyPorts.GatewayManagement}/ready")).IsSuccessStatusCode,
            StartTimeout);
        return new ProxyUnderTest("gateway", process, new Uri($"https://127.0.0.1:{ProxyPorts.Gateway}"));
    }

    /// <summary>nginx 1.22 with bench/baselines/nginx.conf: one worker, tuned grpc_pass.</summary>
    public async Task<ProxyUnderTest> StartNginxAsync()
    {
        var prefix = Directory.CreateDirectory(Path.Combine(scratch, "nginx")).FullName;
        var configuration = await RenderAsync("nginx.conf", prefix, new Dictionary<string, string>
        {
            ["prefix"] = prefix,
            ["listen"] = $"127.0.0.1:{ProxyPorts.Nginx}",
            ["backend"] = Backend,
            ["certificate"] = certificate.CertificatePath,
            ["key"] = certificate.KeyPath,
        });
        var process = PinnedProcess.Start("nginx", ProxySettings.ProxyCore, "nginx",
            ["-p", prefix, "-c", configuration, "-e", Path.Combine(prefix, "error.log")],
            Path.Combine(scratch, "nginx.log"));
        await process.WaitUntilReadyAsync(() => Task.FromResult(Accepts(ProxyPorts.Nginx)), StartTimeout);
        return new ProxyUnderTest("nginx", process, new Uri($"https://127.0.0.1:{ProxyPorts.Nginx}"));
    }

    /// <summary>HAProxy 2.6 with bench/baselines/haproxy.cfg: nbthread 1, in the foreground.</summary>
    public async Task<ProxyUnderTest> StartHaproxyAsync()
    {
        var prefix = Directory.CreateDirectory(Path.Combine(scratch, "haproxy")).FullName;
        var configuration = await RenderAsync("haproxy.cfg", prefix, new Dictionary<string, string>
        {
            ["prefix"] = prefix,
            ["listen"] = $"127.0.0.1:{ProxyPorts.Haproxy}",
            ["backend"] = Backend,
            ["pem"] = await certificate.CombinedPemAsync(),
        });
        var process = PinnedProcess.Start("haproxy", ProxySettings.ProxyCore, "haproxy",
            ["-db", "-f", configuration],
            Path.Combine(scratch, "haproxy.log"));
        await process.WaitUntilReadyAsync(() => Task.FromResult(Accepts(ProxyPorts.Haproxy)), StartTimeout);
        return new ProxyUnderTest("HAProxy", process, new Uri($"https://127.0.0.1:{ProxyPorts.Haproxy}"));
    }

    /// <summary>
    /// bench/Ideation.Bench.Transcoding: the ideas service itself with Microsoft.AspNetCore.Grpc.JsonTranscoding,
    /// serving REST over TLS with production logging, on the proxy core (it replaces gateway and backend).
    /// </summary>
    public async Task<ProxyUnderTest> StartInProcessTranscodingAsync(string binDirectory)
    {
        var process = PinnedProcess.Start("in-process transcoding", ProxySettings.ProxyCore, "dotnet",
            [
                "Ideation.Bench.Transcoding.dll",
                $"--Hosting:ServicePort={ProxyPorts.Transcoding}",
                $"--Hosting:ManagementPort={ProxyPorts.TranscodingManagement}",
                $"--Bench:CertificatePath={certificate.CertificatePath}",
                $"--Bench:CertificateKeyPath={certificate.KeyPath}",
                .. servers.IdeasArguments,
            ],
            Path.Combine(scratch, "transcoding.log"), binDirectory, BackingServers.Production);
        using var http = new HttpClient();
        await process.WaitUntilReadyAsync(
            async () => (await http.GetAsync($"http://127.0.0.1:{ProxyPorts.TranscodingManagement}/ready")).IsSuccessStatusCode,
            StartTimeout);
        return new ProxyUnderTest("in-process transcoding", process, new Uri($"https://127.0.0.1:{ProxyPorts.Transcoding}"));
    }

    /// <summary>Fills the {{name}} holes of a template in bench/baselines/ and writes it under <paramref name="prefix"/>.</summary>
    private static async Task<string> RenderAsync(string template, string prefix, IReadOnlyDictionary<string, string> values)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "bench", "baselines", template));
        foreach (var (name, value) in values)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"bench/baselines/{template} has a placeholder the bench does not fill.");
        }

        var path = Path.Combine(prefix, template);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
