namespace Ideation.Bench.Proxy;

/// <summary>How long and how hard the proxy scenario drives each side.</summary>
/// <param name="LoadRun">One timed h2load run under load (-c16 -m2).</param>
/// <param name="LatencyRun">One timed h2load run at one request in flight (-c1 -m1).</param>
/// <param name="WarmUp">Load on each .NET path before any round counts: .NET needs minutes to reach its steady state.</param>
/// <param name="WarmUpRounds">Alternation rounds run and thrown away after <paramref name="WarmUp"/>.</param>
internal sealed record ProxySettings(TimeSpan LoadRun, TimeSpan LatencyRun, TimeSpan WarmUp, int WarmUpRounds)
{
    /// <summary>
    /// 16 connections as in the calibration (benchmarking notes), but 2 streams each rather than 10:
    /// the ideas service reads PostgreSQL for every GetIdea and answers a few hundred to a few
    /// thousand a second here, so 160 requests in flight would only queue in front of it (seconds
    /// of latency) without loading the proxy more.
    /// </summary>
    public const int Clients = 16;

    public const int Streams = 2;

    /// <summary>Every process but the one under test runs here; the proxy under test has core 0 to itself.</summary>
    public const string LoadCore = "1";

    public const string ProxyCore = "0";

    public static readonly ProxySettings Quick = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), 0);

    public static readonly ProxySettings Full = new(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), 1);
}
