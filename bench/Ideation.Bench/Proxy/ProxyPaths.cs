namespace Ideation.Bench.Proxy;

/// <summary>The paths the scenario compares, by their role in the goals.</summary>
internal sealed record ProxyPaths(
    LoadPath GatewayGrpc,
    LoadPath NginxGrpc,
    LoadPath HaproxyGrpc,
    LoadPath GatewayRest,
    LoadPath InProcessRest,
    LoadPath Direct)
{
    /// <summary>Measured under load, in alternating rounds (nginx, the baseline of scenario 1, first).</summary>
    public IReadOnlyList<LoadPath> UnderLoad => [NginxGrpc, GatewayGrpc, HaproxyGrpc, GatewayRest, InProcessRest];

    /// <summary>Measured at one request in flight: the direct path is the zero of "added latency".</summary>
    public IReadOnlyList<LoadPath> AtOneInFlight => [Direct, GatewayGrpc, NginxGrpc, HaproxyGrpc];

    public IReadOnlyList<LoadPath> GrpcProxies => [GatewayGrpc, NginxGrpc, HaproxyGrpc];
}
