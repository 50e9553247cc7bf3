using System.Globalization;
using Ideation.Bench.Harness;
using Ideation.Bench.Load;
using Ideation.Bench.Measurement;
using Ideation.Bench.Stack;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Bench.Proxy;

/// <summary>
/// The `proxy` scenario (issue scenarios 1-3): GetIdea through the gateway, nginx and HAProxy (gRPC),
/// through the gateway's REST transcoding, and from Microsoft's in-process JSON transcoding on the
/// service itself. The bench starts every process itself: the ideas service on core 1 with h2load,
/// and all processes under test on core 0, where they sit idle but the one being measured.
/// Only the PostgreSQL and Redis of a running local stack are borrowed.
/// </summary>
public sealed class ProxyScenario : IBenchScenario
{
    private const string GetIdeaPath = "/ideation.ideas.v1.IdeaService/GetIdea";

    public string Name => "proxy";

    public string Description =>
        "GetIdea through gateway vs nginx vs HAProxy (gRPC), gateway REST vs gRPC, gateway REST vs in-process JsonTranscoding; needs a stack's PostgreSQL and Redis (bench/start-stack.sh)";

    public async Task RunAsync(BenchRun run)
    {
        var settings = run.Quick ? ProxySettings.Quick : ProxySettings.Full;
        var stack = new LocalStack();
        var servers = new BackingServers(stack);
        servers.EnsureRunning();
        // The backend's servers leave the proxies' core: a proxy sharing its core with the database
        // mostly measures the database.
        using var postgres = CoreLease.Pin(stack, "postgres", int.Parse(ProxySettings.LoadCore, CultureInfo.InvariantCulture));
        using var redis = CoreLease.Pin(stack, "redis", int.Parse(ProxySettings.LoadCore, CultureInfo.InvariantCulture));
        await run.LogAsync(postgres.Describe(sharedWithBench: true));
        var scratch = Directory.CreateTempSubdirectory("ideation-bench-proxy-").FullName;
        await run.LogAsync($"Logs and configurations in {scratch}");

        var gatewayBin = BuiltProgram.Directory("gateway/src", "Ideation.Gateway.dll");
        var transcodingBin = BuiltProgram.Directory("bench/Ideation.Bench.Transcoding", "Ideation.Bench.Transcoding.dll");
        var ideasBin = BuiltProgram.Directory("services/ideas/src", "Ideation.Ideas.dll");

        var certificate = await DevCertificate.EnsureAsync(Path.Combine(scratch, "certs"));
        var token = TokenIssuer.Issue(stack.Tokens, "bench", "Benchmark", [Roles.Submitter], TimeSpan.FromHours(12));
        var authorization = $"Bearer {token}";

        await run.LogAsync("Starting the ideas service (core 1) and the processes under test (core 0)");
        await using var backend = await IdeasBackend.StartAsync(ideasBin, servers, token, scratch);
        var processes = new ProxyProcesses(servers, certificate, scratch);
        await using var gateway = await processes.StartGatewayAsync(gatewayBin);
        await using var nginx = await processes.StartNginxAsync();
        await using var haproxy = await processes.StartHaproxyAsync();
        await using var inProcess = await processes.StartInProcessTranscodingAsync(transcodingBin);
        await run.LogAsync("Machine: " + MachineInfo.Describe(new Dictionary<string, int>
        {
            ["ideas"] = backend.Process.Pid,
            [gateway.Name] = gateway.Process.Pid,
            [nginx.Name] = nginx.Process.Pid,
            [haproxy.Name] = haproxy.Process.Pid,
            [inProcess.Name] = inProcess.Process.Pid,
        }));

        var checks = new ResponseChecks(certificate, backend, token);
        await checks.CheckGrpcAsync("the service (direct)", IdeasBackend.Address);
        foreach (var proxy in (ProxyUnderTest[])[gateway, nginx, haproxy])
        {
            await checks.CheckGrpcAsync(proxy.Name, proxy.Address);
        }

        LoadPath Grpc(string name, PinnedProcess? measured, Uri address) =>
            new(name, measured,
                (clients, streams, duration) => H2LoadRequest.GrpcUnary(new Uri(address, GetIdeaPath), backend.FramedGetIdea, authorization, clients, streams, duration),
                backend.GetIdeaResponseFrameBytes);
        LoadPath Rest(ProxyUnderTest host, long responseBytes) =>
            new($"{host.Name} REST", host.Process,
                (clients, streams, duration) => H2LoadRequest.RestGet(new Uri(host.Address, checks.RestPath), authorization, clients, streams, duration),
                responseBytes);

        var paths = new ProxyPaths(
            Grpc("gateway gRPC", gateway.Process, gateway.Address),
            Grpc("nginx gRPC", nginx.Process, nginx.Address),
            Grpc("HAProxy gRPC", haproxy.Process, haproxy.Address),
            Rest(gateway, await checks.CheckRestAsync(gateway.Name, gateway.Address)),
            Rest(inProcess, await checks.CheckRestAsync(inProcess.Name, inProcess.Address)),
            Grpc("direct gRPC (no proxy)", null, IdeasBackend.Address));
        await run.LogAsync($"Every path answered the seeded idea ({backend.GetIdeaResponseFrameBytes} bytes as a gRPC frame, grpc-status 0 through each proxy).");

        // .NET reaches its steady state only after minutes of load (tiered JIT, dynamic PGO, pools).
        await run.LogAsync($"\nWarming up the .NET processes ({settings.WarmUp.TotalSeconds:F0} s each)");
        foreach (var path in (LoadPath[])[paths.GatewayGrpc, paths.GatewayRest, paths.InProcessRest])
        {
            // One request at a time first: a cold process hit by 160 requests at once spends its
            // first seconds compiling the same methods on many threads and may answer none.
            foreach (var (clients, streams) in ((int, int)[])[(1, 1), (ProxySettings.Clients, ProxySettings.Streams)])
            {
                try
                {
                    await run.LogAsync($"  {path.Name} -c{clients} -m{streams}: {await path.MeasureAsync(clients, streams, settings.WarmUp)}");
                }
                catch (InvalidOperationException exception)
                {
                    await run.LogAsync($"  {path.Name} -c{clients} -m{streams}: {exception.Message}");
                }
            }
        }

        await run.LogAsync($"\nUnder load: h2load -c{ProxySettings.Clients} -m{ProxySettings.Streams}, {settings.LoadRun.TotalSeconds:F0} s per run, {run.Rounds} alternating rounds");
        var load = await Alternation.RunAsync(
            paths.UnderLoad.Select(path => (path.Name, (Func<int, Task<LoadSample>>)(_ =>
                path.MeasureAsync(ProxySettings.Clients, ProxySettings.Streams, settings.LoadRun)))).ToList(),
            run.Rounds, settings.WarmUpRounds, run.LogAsync);

        await run.LogAsync($"\nOne request in flight: h2load -c1 -m1, {settings.LatencyRun.TotalSeconds:F0} s per run, {run.Rounds} alternating rounds");
        var latency = await Alternation.RunAsync(
            paths.AtOneInFlight.Select(path => (path.Name, (Func<int, Task<LoadSample>>)(_ => path.MeasureAsync(1, 1, settings.LatencyRun)))).ToList(),
            run.Rounds, settings.WarmUpRounds, run.LogAsync);

        var report = new ProxyReport(paths, load, latency);
        await run.LogAsync(report.Tables());
        report.SaveCharts(run);
    }
}
